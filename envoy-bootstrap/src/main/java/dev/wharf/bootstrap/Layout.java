package dev.wharf.bootstrap;

import java.util.Locale;

/**
 * How a task's addresses are laid out (DESIGN.md "Network layouts"). The lower-case {@link
 * #wireName()} is what {@link NodeIdentity#layout()} carries.
 */
public enum Layout {
  /** All tasks share the host's network namespace; each owns loopback addresses ({@link LoopbackSlot}). */
  LOOPBACK,
  /** Each task has its own network namespace, as on AWS. */
  AWSVPC;

  /** The name used in node metadata and on the command line. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The layout with this wire name.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Layout parse(String wireName) {
    for (Layout layout : values()) {
      if (layout.wireName().equals(wireName)) {
        return layout;
      }
    }
    throw new IllegalArgumentException("layout must be loopback or awsvpc, got " + wireName);
  }
}
