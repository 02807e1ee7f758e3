package dev.wharf.controlplane.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.bootstrap.cli.Flags;
import dev.wharf.bootstrap.cli.Flags.Spec;
import dev.wharf.bootstrap.cli.UsageException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --tls-leaf-validity} and {@code --tls-leaf-renew-after} take a number and a unit. */
class TlsFlagsTest {
  private static final List<Spec> SPECS = List.of(new Spec("--tls-leaf-validity", "D", null));

  private static Duration parse(String value) throws UsageException {
    Flags f = Flags.parse(new String[] {"--tls-leaf-validity", value}, SPECS);
    return Main.duration(f, "--tls-leaf-validity", Duration.ofDays(7));
  }

  @Test
  void durationsHaveAUnit() throws UsageException {
    assertEquals(Duration.ofSeconds(20), parse("20s"));
    assertEquals(Duration.ofMinutes(5), parse("5m"));
    assertEquals(Duration.ofHours(2), parse("2h"));
    assertEquals(Duration.ofDays(7), parse("7d"));
    assertEquals(Duration.ofDays(7), Main.duration(Flags.parse(new String[0], SPECS), "--tls-leaf-validity",
        Duration.ofDays(7)));
    assertThrows(UsageException.class, () -> parse("20"));
    assertThrows(UsageException.class, () -> parse("1w"));
  }
}
