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
  }

  @Test
  void maxEjectionTimeMayNotBeBelowBase() {
    assertThrows(IllegalArgumentException.class,
        () -> new TranslatorOptions(Duration.ofSeconds(30), Duration.ofSeconds(10), false));
    assertThrows(IllegalArgumentException.class,
        () -> new TranslatorOptions(Duration.ZERO, Duration.ofSeconds(10), false));
  }
}
