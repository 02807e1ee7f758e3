package dev.wharf.api.cloudwatch;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statistic a query asks for: a standard one ({@code SampleCount}, {@code Average}, {@code Sum},
 * {@code Minimum}, {@code Maximum}) or a percentile {@code pNN} / {@code pNN.NN} (0 to 100). Other
 * extended statistics AWS knows (trimmed means {@code tmNN}, {@code wm}, {@code tc}, {@code ts},
 * {@code PR(..)}) are not parsed, so requests naming them are rejected.
 *
 * @param name the statistic as the request spelled it (it names the value in responses)
 * @param percentile the percentile for {@code pNN}; {@code NaN} for standard statistics
 */
public record Statistic(String name, double percentile) {

  /** The standard statistics, in the order AWS lists them in error messages. */
  public static final String STANDARD = "[SampleCount, Average, Sum, Minimum, Maximum]";

  private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,3}(?:\\.\\d{1,10})?)");

  /** Whether this is a percentile. */
  public boolean isPercentile() {
    return !Double.isNaN(percentile);
  }

  /** A standard statistic by name, if it is one. */
  public static Optional<Statistic> standard(String name) {
    return switch (name) {
      case "SampleCount", "Average", "Sum", "Minimum", "Maximum" -> Optional.of(new Statistic(name, Double.NaN));
      default -> Optional.empty();
    };
  }

  /** A percentile {@code p0} to {@code p100}, if {@code name} is one. */
  public static Optional<Statistic> percentile(String name) {
    Matcher m = PERCENTILE.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    double p = Double.parseDouble(m.group(1));
    return p > 100 ? Optional.empty() : Optional.of(new Statistic(name, p));
  }

  /** A standard statistic or a percentile, as {@code GetMetricData}'s {@code Stat} allows. */
  public static Optional<Statistic> parse(String name) {
    return standard(name).or(() -> percentile(name));
  }

  /** This statistic of {@code a}; empty when it has no value (no samples, or no distribution). */
  public OptionalDouble of(Aggregate a) {
    if (a.sampleCount() <= 0) {
      return OptionalDouble.empty();
    }
    if (isPercentile()) {
      if (!a.buckets().isEmpty()) {
        return Percentiles.estimate(a.buckets(), percentile, a.minimum(), a.maximum());
      }
      // CloudWatch computes percentiles of statistic sets only when all samples are equal.
      return a.minimum() == a.maximum() || a.sampleCount() == 1 ? OptionalDouble.of(a.minimum())
          : OptionalDouble.empty();
    }
    return switch (name) {
      case "SampleCount" -> OptionalDouble.of(a.sampleCount());
      case "Average" -> OptionalDouble.of(a.sum() / a.sampleCount());
      case "Sum" -> OptionalDouble.of(a.sum());
      case "Minimum" -> OptionalDouble.of(a.minimum());
      case "Maximum" -> OptionalDouble.of(a.maximum());
      default -> throw new IllegalStateException("not a statistic: " + name);
    };
  }
}
