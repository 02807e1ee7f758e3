package dev.wharf.controlplane.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks sidecar credentials: {@code wharf1.<payload>.<mac>}, both parts base64url
 * without padding, where the payload is {@code <task ARN>\n<service>\n<expiry epoch seconds>} and
 * the MAC is HMAC-SHA256 of the payload under a 256-bit server key. The key lives in the data
 * directory ({@value #KEY_FILE}, owner read/write only) and is created on first start, so every
 * credential survives restarts and a new data directory revokes them all. Immutable, thread-safe.
 */
public final class SidecarCredentials {
  /** The key file's name in the data directory. */
  public static final String KEY_FILE = "sidecar-credential.key";

  /** How long an issued credential is valid unless asked otherwise. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(30);

  private static final String PREFIX = "wharf1.";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] key;

  private SidecarCredentials(byte[] key) {
    this.key = key.clone();
  }

  /** The credentials of a server whose state is in {@code dataDir}; creates the key if there is none. */
  public static SidecarCredentials open(Path dataDir) {
    Path file = dataDir.resolve(KEY_FILE);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, B64.encodeToString(fresh) + "\n");
        } catch (FileAlreadyExistsException raced) {
          // another start created it first; read that one
        }
      }
      byte[] key = B64D.decode(Files.readString(file).trim());
      if (key.length < 32) {
        throw new IllegalStateException(file + " holds a key shorter than 256 bits");
      }
      return new SidecarCredentials(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the sidecar credential key " + file, e);
    }
  }

  /** Credentials under a given key (tests). */
  public static SidecarCredentials withKey(byte[] key) {
    return new SidecarCredentials(key);
  }

  /** A credential for the sidecar of {@code taskArn} in {@code service}, valid until {@code expiry}. */
  public String issue(String taskArn, String service, Instant expiry) {
    String payload = taskArn + "\n" + service + "\n" + expiry.getEpochSecond();
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    return PREFIX + B64.encodeToString(p) + "." + B64.encodeToString(mac(p));
  }

  /** What a presented credential proves, at {@code now}. */
  public Verdict verify(String credential, Instant now) {
    if (credential == null || credential.isEmpty()) {
      return new Verdict.Missing();
    }
    if (!credential.startsWith(PREFIX)) {
      return new Verdict.Invalid("the credential is not a Wharf sidecar credential");
    }
    String[] parts = credential.substring(PREFIX.length()).split("\\.", -1);
    byte[] payload;
    byte[] given;
    try {
      if (parts.length != 2) {
        throw new IllegalArgumentException("two parts expected");
      }
      payload = B64D.decode(parts[0]);
      given = B64D.decode(parts[1]);
    } catch (IllegalArgumentException e) {
      return new Verdict.Invalid("the credential is malformed");
    }
    if (!MessageDigest.isEqual(mac(payload), given)) {
      return new Verdict.Invalid("the credential's signature does not verify (forged, or issued by another server)");
    }
    String[] fields = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
    if (fields.length != 3 || !fields[2].matches("\\d{1,12}")) {
      return new Verdict.Invalid("the credential is malformed");
    }
    Instant expiry = Instant.ofEpochSecond(Long.parseLong(fields[2]));
    if (!now.isBefore(expiry)) {
      return new Verdict.Invalid("the credential expired at " + expiry);
    }
    return new Verdict.Valid(new Claims(fields[0], fields[1], expiry));
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** What a valid credential states: the task (the node id it may use), its service, its expiry. */
  public record Claims(String taskArn, String service, Instant expiry) {}

  /** The outcome of checking a credential. */
  public sealed interface Verdict {
    /** No credential was presented. */
    record Missing() implements Verdict {}

    /** A credential was presented and is forged, malformed or expired. */
    record Invalid(String reason) implements Verdict {}

    /** A genuine, unexpired credential. */
    record Valid(Claims claims) implements Verdict {}
  }
}
