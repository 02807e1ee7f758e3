package dev.wharf.controlplane.xds;

import com.google.common.hash.Hashing;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.service.discovery.v3.Resource;

/**
 * One resource as served: its name, its version (hex SHA-256 of its deterministic serialization, 128
 * bits), the message, and the message packed once into an {@link Any} (SotW) and a delta
 * {@link Resource} whose bytes are reused for every proxy and every response. Immutable.
 */
public record XdsResource(String name, String version, Message message, Any any, Resource delta) {

  /** Packs and versions {@code m}: the version is a pure function of the bytes, so processes agree. */
  public static XdsResource of(XdsType type, Message m) {
    byte[] bytes = ContentVersions.deterministicBytes(m);
    String version = Hashing.sha256().hashBytes(bytes).toString().substring(0, 32);
    Any any = Any.newBuilder().setTypeUrl(type.typeUrl()).setValue(ByteString.copyFrom(bytes)).build();
    String name = type.nameOf(m);
    return new XdsResource(name, version, m, any,
        Resource.newBuilder().setName(name).setVersion(version).setResource(any).build());
  }
}
