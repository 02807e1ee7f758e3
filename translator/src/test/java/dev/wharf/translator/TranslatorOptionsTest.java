package dev.wharf.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.translator.ir.OutlierDetection;
import dev.wharf.translator.ir.Protocol;
import dev.wharf.translator.ir.Upstream;
import dev.wharf.translator.xds.ClusterBuilder;
import java.time.Duration;
import java.util.List;
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
    var od = new OutlierDetection(5, Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofMillis(250));
    var u = new Upstream("payments", Protocol.HTTP, List.of(), null);
    assertEquals(250_000_000, ClusterBuilder.upstream(u, od).getOutlierDetection()
        .getInterval().getNanos());
    var dflt = new OutlierDetection(5, Duration.ofSeconds(30), Duration.ofSeconds(300));
    assertFalse(ClusterBuilder.upstream(u, dflt).getOutlierDetection().hasInterval());
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
