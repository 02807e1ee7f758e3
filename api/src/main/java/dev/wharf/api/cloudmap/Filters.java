package dev.wharf.api.cloudmap;

import dev.wharf.api.cloudmap.CloudMapShapes.Filter;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cloud Map list filters {@code {Name, Values, Condition}} (spec 3.3). Each list
 * operation allows some names, each name some conditions; the condition defaults to EQ. EQ and
 * BEGINS_WITH take one value, IN one or more, BETWEEN two (epoch seconds, for UPDATE_DATE).
 */
final class Filters {
  private Filters() {}

  /** Validates {@code filters} against {@code allowed} (name to its conditions). */
  static void check(RequestContext ctx, List<Filter> filters, Map<String, Set<String>> allowed) {
    if (filters == null) {
      return;
    }
    for (Filter f : filters) {
      Rules.required(ctx, f, "Filters[]");
      Rules.required(ctx, f.name(), "Filters.Name");
      Rules.oneOf(ctx, f.name(), "Filters.Name", allowed.keySet());
      Rules.required(ctx, f.values(), "Filters.Values");
      Rules.oneOf(ctx, f.condition(), "Filters.Condition", Set.of("EQ", "IN", "BETWEEN", "BEGINS_WITH"));
      String condition = condition(f);
      if (!allowed.get(f.name()).contains(condition)) {
        throw ctx.invalid("Condition " + condition + " is not supported for filter " + f.name() + ".");
      }
      for (String v : f.values()) {
        Rules.required(ctx, v, "Filters.Values[]");
        Rules.length(ctx, v, "Filters.Values[]", 1, 255);
      }
      int n = f.values().size();
      boolean ok = switch (condition) {
        case "IN" -> n >= 1;
        case "BETWEEN" -> n == 2 && numeric(f.values());
        default -> n == 1;
      };
      if (!ok) {
        throw ctx.invalid("Filter " + f.name() + " with condition " + condition + " has the wrong number "
            + "or kind of values.");
      }
    }
  }

  /** Whether {@code value} passes filter {@code f} (already validated). */
  static boolean matches(Filter f, String value) {
    if (value == null) {
      return false;
    }
    List<String> vs = f.values();
    return switch (condition(f)) {
      case "IN" -> vs.contains(value);
      case "BEGINS_WITH" -> value.startsWith(vs.get(0));
      case "BETWEEN" -> between(value, vs);
      default -> value.equals(vs.get(0));
    };
  }

  private static String condition(Filter f) {
    return f.condition() == null ? "EQ" : f.condition();
  }

  private static boolean numeric(List<String> values) {
    try {
      values.forEach(Double::parseDouble);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean between(String value, List<String> bounds) {
    double v = Double.parseDouble(value);
    return v >= Double.parseDouble(bounds.get(0)) && v <= Double.parseDouble(bounds.get(1));
  }
}
