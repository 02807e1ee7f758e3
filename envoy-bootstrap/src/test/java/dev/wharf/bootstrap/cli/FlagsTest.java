package dev.wharf.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Flags}: both value forms, switches, positionals, and every usage error as an exception. */
class FlagsTest {
  private static final List<Flags.Spec> SPECS = List.of(
      new Flags.Spec("--port", "N", "a port"),
      new Flags.Spec("--host", "ADDR", null),
      new Flags.Spec("--reset", null, null),
      new Flags.Spec("--help", null, null));

  @Test
  void readsValuesSwitchesAndPositionals() throws Exception {
    Flags f = Flags.parse(new String[] {"--port", "80", "dir", "--host=a.b", "--reset"}, SPECS);
    assertEquals(Map.of("--port", "80", "--host", "a.b", "--reset", "true"), f.values());
    assertEquals(80, f.getInt("--port", 1));
    assertEquals(7, f.getInt("--missing", 7));
    assertTrue(f.has("--reset"));
    assertEquals(List.of("dir"), f.positionals());
    assertEquals("dir", f.positional(0, "x"));
    assertEquals("x", f.positional(1, "x"));
  }

  @Test
  void dashHMeansHelpWhenHelpIsDeclared() throws Exception {
    assertTrue(Flags.parse(new String[] {"-h"}, SPECS).has("--help"));
    assertThrows(UsageException.class, () -> Flags.parse(new String[] {"-h"}, SPECS.subList(0, 3)));
  }

  @Test
  void usageErrorsThrowAndNameTheFlag() throws Exception {
    assertMessage("unknown flag --nope", "--nope");
    assertMessage("--port needs a value (N)", "--port");
    assertMessage("--reset takes no value", "--reset=1");
    assertMessage("--port given twice", "--port", "1", "--port=2");
    UsageException e = assertThrows(UsageException.class,
        () -> Flags.parse(new String[] {"a", "b"}, SPECS).requirePositionals(1));
    assertEquals("unexpected argument b", e.getMessage());
    e = assertThrows(UsageException.class, () -> Flags.parse(new String[] {"--port", "x"}, SPECS).getInt("--port", 0));
    assertEquals("--port needs a number, got x", e.getMessage());
    e = assertThrows(UsageException.class, () -> Flags.parse(new String[] {"--port=-1"}, SPECS).getInt("--port", 0));
    assertEquals("--port must not be negative", e.getMessage());
    assertFalse(Flags.parse(new String[0], SPECS).has("--port"));
  }

  private static void assertMessage(String message, String... args) {
    UsageException e = assertThrows(UsageException.class, () -> Flags.parse(args, SPECS));
    assertEquals(message, e.getMessage());
  }
}
