package dev.wharf.bootstrap.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsed command-line flags: {@code --name value}, {@code --name=value}, switches ({@code --name},
 * no value) and positional arguments, against a declared list of {@link Spec}s.
 *
 * <p>Contract: {@link #parse} never prints and never exits; every problem is a
 * {@link UsageException} whose message names the flag: an unknown flag (any argument starting with
 * {@code -} that is not declared), a flag given twice, a value missing, a switch given a value.
 * {@code -h} means {@code --help} when {@code --help} is declared. Anything else is a positional.
 * Instances are immutable.
 */
public final class Flags {

  /**
   * One declared flag.
   *
   * @param name the flag, with its dashes ({@code --xds-port})
   * @param arg the value's placeholder in help texts ({@code PORT}), or null for a switch
   * @param help one line for help texts (may be null when the command writes its own help)
   */
  public record Spec(String name, String arg, String help) {
    /** Whether the flag takes no value. */
    public boolean isSwitch() {
      return arg == null;
    }
  }

  private final Map<String, String> values;
  private final List<String> positionals;

  private Flags(Map<String, String> values, List<String> positionals) {
    this.values = Collections.unmodifiableMap(values);
    this.positionals = List.copyOf(positionals);
  }

  /**
   * Parses {@code args} against {@code specs}. A switch's value is {@code "true"}.
   *
   * @throws UsageException for an unknown or repeated flag, a missing value or a switch with a value
   */
  public static Flags parse(String[] args, List<Spec> specs) throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> positionals = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-")) {
        positionals.add(arg);
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (name.equals("-h") && find(specs, "--help") != null) {
        name = "--help";
      }
      Spec spec = find(specs, name);
      if (spec == null) {
        throw new UsageException("unknown flag " + arg);
      }
      String value;
      if (spec.isSwitch()) {
        if (eq >= 0) {
          throw new UsageException(name + " takes no value");
        }
        value = "true";
      } else if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException(name + " needs a value (" + spec.arg() + ")");
      }
      if (values.put(name, value) != null) {
        throw new UsageException(name + " given twice");
      }
    }
    return new Flags(values, positionals);
  }

  private static Spec find(List<Spec> specs, String name) {
    for (Spec s : specs) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** Every flag given, by name, in command-line order. */
  public Map<String, String> values() {
    return values;
  }

  /** Whether {@code name} was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value of {@code name}, or {@code dflt} when it was not given. */
  public String get(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  /**
   * The value of {@code name} as a non-negative integer, or {@code dflt} when it was not given.
   *
   * @throws UsageException when the value is not a number or is negative
   */
  public int getInt(String name, int dflt) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a number, got " + v);
    }
    if (n < 0) {
      throw new UsageException(name + " must not be negative");
    }
    return n;
  }

  /** The positional arguments, in order. */
  public List<String> positionals() {
    return positionals;
  }

  /** Positional {@code i}, or {@code dflt} when there are fewer. */
  public String positional(int i, String dflt) {
    return i < positionals.size() ? positionals.get(i) : dflt;
  }

  /**
   * Checks that there are at most {@code max} positional arguments.
   *
   * @throws UsageException naming the first one too many
   */
  public Flags requirePositionals(int max) throws UsageException {
    if (positionals.size() > max) {
      throw new UsageException("unexpected argument " + positionals.get(max));
    }
    return this;
  }
}
