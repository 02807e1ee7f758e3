package dev.wharf.api.protocol;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Input checks shared by the operations. Each failure is the service's invalid-input error
 * ({@code InvalidParameterException} for ECS, {@code InvalidInput} for Cloud Map) with a message that
 * names the member and the rule, since AWS's exact texts are mostly unknown (spec 3.4).
 */
public final class Rules {
  private Rules() {}

  /** Fails unless {@code value} is present (and, for strings, not empty). */
  public static <T> T required(RequestContext ctx, T value, String member) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      throw ctx.invalid(member + " is required.");
    }
    return value;
  }

  /** Fails when {@code value} (if present) is longer than {@code max} or shorter than {@code min}. */
  public static void length(RequestContext ctx, String value, String member, int min, int max) {
    if (value != null && (value.length() < min || value.length() > max)) {
      throw ctx.invalid(member + " must be " + (min == max ? min : min + " to " + max)
          + " characters long; got " + value.length() + ".");
    }
  }

  /** Fails when {@code value} (if present) does not match {@code pattern}. */
  public static void pattern(RequestContext ctx, String value, String member, Pattern pattern, String rule) {
    if (value != null && !pattern.matcher(value).matches()) {
      throw ctx.invalid(member + " '" + clip(value) + "' is not valid: " + rule + ".");
    }
  }

  /** Fails when {@code value} (if present) is outside {@code [min, max]}. */
  public static void range(RequestContext ctx, Number value, String member, long min, long max) {
    if (value != null && (value.longValue() < min || value.longValue() > max)) {
      throw ctx.invalid(member + " must be between " + min + " and " + max + "; got " + value + ".");
    }
  }

  /** Fails when {@code value} (if present) is not one of {@code allowed}. */
  public static void oneOf(RequestContext ctx, String value, String member, Set<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      throw ctx.invalid(member + " '" + clip(value) + "' is not valid; valid values are "
          + String.join(", ", new TreeSet<>(allowed)) + ".");
    }
  }

  /** Fails when the collection (if present) has more than {@code max} or fewer than {@code min} items. */
  public static void size(RequestContext ctx, Collection<?> value, String member, int min, int max) {
    if (value != null && (value.size() < min || value.size() > max)) {
      throw ctx.invalid(member + " must have " + min + " to " + max + " items; got " + value.size() + ".");
    }
  }

  /** Cuts user text to 64 characters for echoing it in a message. */
  public static String clip(String value) {
    return value.length() <= 64 ? value : value.substring(0, 61) + "...";
  }
}
