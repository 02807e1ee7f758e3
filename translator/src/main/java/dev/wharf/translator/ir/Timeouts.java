package dev.wharf.translator.ir;

import java.time.Duration;
import java.util.Objects;

/**
 * Resolved timeouts of one port (spec 39). {@link Duration#ZERO} means disabled.
 *
 * @param perRequest route timeout for the HTTP family; null for TCP, which has none
 * @param idle stream and connection idle timeout (HTTP family) or tcp_proxy idle timeout (TCP)
 */
public record Timeouts(Duration perRequest, Duration idle) {
  public Timeouts {
    Objects.requireNonNull(idle, "idle");
  }
}
