package dev.wharf.controlplane.ca;

import dev.wharf.translator.xds.SecretSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Issued leaves on disk ({@code <dataDir>/ca/leaves/}, files 0600 in a 0700 directory), so a restarted
 * control plane serves the same certificates, and so the same SDS versions, as before: a restart
 * rotates nothing. One file per {@link SecretSpec} (named by a hash of its name and SANs): the chain,
 * then the key, PEM. Not thread-safe: the reconciler thread only.
 */
final class LeafStore {
  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private final Path dir;

  LeafStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      restrict(dir, "rwx------");
    } catch (IOException e) {
      throw new UncheckedIOException("leaf store " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The stored leaf of {@code spec} if it was signed by {@code root}'s key, else null. */
  IssuedCertificate load(SecretSpec spec, PublicKey root) {
    Path f = file(spec);
    if (!Files.exists(f)) {
      return null;
    }
    try {
      String text = Files.readString(f, StandardCharsets.US_ASCII);
      int key = text.indexOf(KEY_BEGIN);
      if (key < 0) {
        return null;
      }
      String chain = text.substring(0, key);
      X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(chain.getBytes(StandardCharsets.US_ASCII)));
      leaf.verify(root);
      return new IssuedCertificate(chain, text.substring(key), leaf.getSerialNumber(),
          leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return null; // unreadable or from another root: a new leaf is issued and overwrites it
    }
  }

  void save(SecretSpec spec, IssuedCertificate c) {
    try {
      Path tmp = Files.createTempFile(dir, "leaf", ".tmp");
      restrict(tmp, "rw-------");
      Files.writeString(tmp, c.certificateChainPem() + c.privateKeyPem(), StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file(spec), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file(spec), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("leaf store " + dir + ": " + e.getMessage(), e);
    }
  }

  void delete(SecretSpec spec) {
    try {
      Files.deleteIfExists(file(spec));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path file(SecretSpec spec) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((spec.name() + "\n" + spec.uris() + "\n" + spec.dnsNames()).getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(d.digest()).substring(0, 32) + ".pem");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void restrict(Path p, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the directory's ACLs apply
    }
  }
}
