package dev.wharf.translator.ir;

import java.util.List;

/**
 * A discovery name a proxy sends traffic to (spec 2.4): balanced round-robin over its endpoints,
 * HTTP/2 upstream when the target's protocol needs it.
 *
 * @param endpoints sorted by address, then instance id; may be empty
 * @param tls the target entry's {@code tls} (spec 54, 56); null connects in plaintext
 */
public record Upstream(String discoveryName, Protocol protocol, List<UpstreamEndpoint> endpoints, Tls tls) {
  public Upstream {
    endpoints = List.copyOf(endpoints);
  }
}
