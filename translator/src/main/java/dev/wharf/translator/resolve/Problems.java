package dev.wharf.translator.resolve;

import java.util.List;
import java.util.TreeSet;

/**
 * Collects problems during one resolution: sorted, and deduplicated (the same rule broken by the
 * same resource is reported once, however many tasks see it). Not thread-safe; one per run.
 */
final class Problems {
  private final TreeSet<Problem> problems = new TreeSet<>();
  private final boolean muted;

  private Problems(boolean muted) {
    this.muted = muted;
  }

  static Problems collecting() {
    return new Problems(false);
  }

  /** A sink that drops everything: for looking at non-effective deployments. */
  static Problems muted() {
    return new Problems(true);
  }

  void add(String code, String subject, String message) {
    if (!muted) {
      problems.add(new Problem(code, subject, message));
    }
  }

  List<Problem> toList() {
    return List.copyOf(problems);
  }
}
