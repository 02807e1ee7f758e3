package dev.wharf.controlplane.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --switch} flags plus positionals; a bad flag exits with status 2. */
final class Flags {
  private static final Set<String> SWITCHES = Set.of("--enable-reset");

  private final Map<String, String> values = new HashMap<>();
  private final List<String> positionals = new ArrayList<>();
  private final String usage;

  private Flags(String usage) {
    this.usage = usage;
  }

  /** Parses {@code args}; any flag not in {@code known} is an error (exit 2). */
  static Flags parse(String[] args, String usage, Set<String> known) {
    Flags f = new Flags(usage);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        System.out.print(usage);
        System.exit(0);
      } else if (SWITCHES.contains(a) && known.contains(a)) {
        f.values.put(a, "true");
      } else if (a.startsWith("--")) {
        if (!known.contains(a)) {
          f.fail("unknown flag " + a);
        }
        if (i + 1 >= args.length) {
          f.fail("flag " + a + " needs a value");
        }
        f.values.put(a, args[++i]);
      } else {
        f.positionals.add(a);
      }
    }
    return f;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String get(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  int getInt(String name, int dflt) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        fail(name + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      fail(name + " needs a number, got " + v);
      return dflt;
    }
  }

  String positional(int i, String dflt) {
    return i < positionals.size() ? positionals.get(i) : dflt;
  }

  void requireNoPositionals() {
    if (!positionals.isEmpty()) {
      fail("unexpected argument " + positionals.get(0));
    }
  }

  private void fail(String message) {
    System.err.println("wharf: " + message);
    System.err.print(usage);
    System.exit(2);
  }
}
