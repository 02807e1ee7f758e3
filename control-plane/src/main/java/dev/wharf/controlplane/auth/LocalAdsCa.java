package dev.wharf.controlplane.auth;

import dev.wharf.bootstrap.BootstrapBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for the ADS server only, signed with BouncyCastle (the JDK has no
 * certificate-signing API): an EC P-256 root valid 10 years, created once in its directory
 * ({@code ca.pem}, {@code ca.key} owner read/write only, part of the durable state, so bootstraps
 * stay valid across restarts), and a server leaf valid 1 year re-issued at every start
 * ({@code server.pem}, {@code server.key}) with the URI SAN {@link BootstrapBuilder#XDS_SAN} and
 * extended key usage serverAuth. It signs nothing else.
 */
final class LocalAdsCa implements AdsCertificates {
  private static final Duration ROOT_LIFE = Duration.ofDays(3650);
  private static final Duration LEAF_LIFE = Duration.ofDays(365);

  private final Path dir;

  LocalAdsCa(Path dir) {
    this.dir = dir;
  }

  @Override
  public Issued serverCertificate() {
    try {
      Files.createDirectories(dir);
      Path caCert = dir.resolve("ca.pem");
      Path caKey = dir.resolve("ca.key");
      if (!Files.exists(caCert) || !Files.exists(caKey)) {
        KeyPair root = newKeyPair();
        X509Certificate cert = root(root);
        writePrivate(caKey, pem("PRIVATE KEY", root.getPrivate().getEncoded()));
        write(caCert, pem("CERTIFICATE", cert.getEncoded()));
      }
      X509Certificate ca = readCert(caCert);
      PrivateKey caPrivate = readKey(caKey);
      KeyPair leaf = newKeyPair();
      X509Certificate server = leaf(ca, caPrivate, leaf.getPublic());
      Path chain = dir.resolve("server.pem");
      Path key = dir.resolve("server.key");
      writePrivate(key, pem("PRIVATE KEY", leaf.getPrivate().getEncoded()));
      write(chain, pem("CERTIFICATE", server.getEncoded()));
      return new Issued(chain, key, Files.readString(caCert));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the ADS certificates in " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue the ADS server certificate", e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate root(KeyPair kp) throws GeneralSecurityException, IOException,
      OperatorCreationException {
    X500Name name = new X500Name("CN=Wharf ADS CA");
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(ROOT_LIFE)), name, kp.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
    return sign(b, kp.getPrivate());
  }

  private static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, PublicKey pub)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(LEAF_LIFE)),
        new X500Name("CN=Wharf control plane"), pub);
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    b.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, BootstrapBuilder.XDS_SAN)));
    b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pub));
    return sign(b, caKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
        .build(key)));
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static X509Certificate readCert(Path file) throws IOException, GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
  }

  private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
    String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
