package dev.wharf.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TranslatorOptionsTest {
  @Test
  void defaultsAreAwsNumbers() {
    TranslatorOptions o = TranslatorOptions.defaults();
    assertEquals(Duration.ofSeconds(30), o.baseEjectionTime());
    assertEquals(Duration.ofSeconds(300), o.maxEjectionTime());
    assertFalse(o.frozenAliases());
    assertEquals(Duration.ofSeconds(10), o.outlierInterval());
  }

  @Test
  void outlierIntervalIsRenderedOnlyWhenNotEnvoysDefault() {
    var od = new dev.wharf.translator.ir.OutlierDetection(5, Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofMillis(250));
    var u = new dev.wharf.translator.ir.Upstream("payments", dev.wharf.translator.ir.Protocol.HTTP,
        java.util.List.of(), null);
    assertEquals(250_000_000, dev.wharf.translator.xds.ClusterBuilder.upstream(u, od).getOutlierDetection()
        .getInterval().getNanos());
    var dflt = new dev.wharf.translator.ir.OutlierDetection(5, Duration.ofSeconds(30), Duration.ofSeconds(300));
    assertFalse(dev.wharf.translator.xds.ClusterBuilder.upstream(u, dflt).getOutlierDetection().hasInterval());
    assertThrows(IllegalArgumentException.class,
        () -> TranslatorOptions.defaults().withOutlierInterval(Duration.ZERO));
  }

  @Test
  void maxEjectionTimeMayNotBeBelowBase() {
    assertThrows(IllegalArgumentException.class,
        () -> new TranslatorOptions(Duration.ofSeconds(30), Duration.ofSeconds(10), false));
    assertThrows(IllegalArgumentException.class,
        () -> new TranslatorOptions(Duration.ZERO, Duration.ofSeconds(10), false));
  }
}
