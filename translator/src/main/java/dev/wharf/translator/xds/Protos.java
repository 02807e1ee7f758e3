package dev.wharf.translator.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.util.Durations;
import dev.wharf.translator.ir.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import java.time.Duration;

/** Small proto helpers shared by the builders. */
final class Protos {
  private Protos() {}

  // qualified: two types named Duration are used here
  static com.google.protobuf.Duration duration(Duration d) {
    return Durations.fromMillis(d.toMillis());
  }

  /** {@code {ads: {}, resource_api_version: V3}}: EDS and RDS come over the same ADS stream. */
  static ConfigSource ads() {
    return ConfigSource.newBuilder()
        .setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3)
        .build();
  }

  static Address address(SocketAddress a) {
    return Address.newBuilder()
        // qualified: two types named SocketAddress are used here
        .setSocketAddress(io.envoyproxy.envoy.config.core.v3.SocketAddress.newBuilder()
            .setAddress(a.ip())
            .setPortValue(a.port()))
        .build();
  }

  static Any pack(Message m) {
    return Any.pack(m);
  }
}
