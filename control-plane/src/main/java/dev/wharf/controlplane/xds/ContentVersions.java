package dev.wharf.controlplane.xds;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Versions by content (DESIGN.md "Principles"): the SHA-256 of the deterministic protobuf
 * serialization of the resources, in the order given (callers pass them sorted by name). Two
 * processes given the same state compute the same versions; {@code hashCode()} is never used.
 */
public final class ContentVersions {
  private ContentVersions() {}

  /** The version of one resource type's list: hex SHA-256, 16 bytes' worth, so logs stay readable. */
  public static String of(List<? extends Message> resources) {
    Hasher hasher = Hashing.sha256().newHasher();
    for (Message m : resources) {
      byte[] bytes = deterministicBytes(m);
      hasher.putInt(bytes.length).putBytes(bytes);
    }
    return hasher.hash().toString().substring(0, 32);
  }

  /** Deterministic serialization: map entries sorted, so equal messages give equal bytes. */
  public static byte[] deterministicBytes(Message m) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(m.getSerializedSize());
      CodedOutputStream coded = CodedOutputStream.newInstance(out);
      coded.useDeterministicSerialization();
      m.writeTo(coded);
      coded.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
