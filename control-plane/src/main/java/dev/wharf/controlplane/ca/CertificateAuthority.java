package dev.wharf.controlplane.ca;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * Wharf's certificate authority: one signing root and the trust bundle (every root a proxy accepts).
 *
 * <p><b>Where the root comes from.</b> {@link #openBuiltIn} keeps a generated root (EC P-256,
 * self-signed, 10 years) in {@code <dataDir>/ca/} with the durable state: files 0600 in a 0700
 * directory, reused by every restart. {@link #bringYourOwn} signs with an operator's root or
 * intermediate ({@code wharf server --ca-cert FILE --ca-key FILE}, PEM; EC or RSA key); its
 * certificate is the trust anchor proxies get.
 *
 * <p><b>Leaves</b> ({@link #issue}) are EC P-256, valid from a minute before issue (clock skew) for the
 * given validity, capped by the root's own end; extensions as a TLS peer certificate needs:
 * {@code basicConstraints CA:false}, {@code keyUsage digitalSignature}, {@code extendedKeyUsage
 * serverAuth, clientAuth}, the subject alternative names given (URI and DNS; an IP literal given as a
 * DNS name becomes an IP SAN), subject and authority key identifiers; the chain is the leaf then the
 * root.
 *
 * <p><b>Root rotation</b> (built-in root only), three steps the caller sequences: {@link #stageNextRoot}
 * adds a new root to the bundle (the old one still signs), {@link #activateNextRoot} makes it sign (the
 * old root stays in the bundle for the leaves it signed), {@link #dropPreviousRoot} removes the old
 * root. Each step is written to disk before it returns, so a restart resumes where it was.
 *
 * <p>Thread-safe: the state is one immutable value swapped under the object's lock.
 */
public final class CertificateAuthority {
  static final String ROOT_CERT = "root.crt";
  static final String ROOT_KEY = "root.key";
  static final String NEXT_CERT = "next.crt";
  static final String NEXT_KEY = "next.key";
  static final String PREVIOUS_CERT = "previous.crt";
  private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
  static final Duration SKEW = Duration.ofMinutes(1);

  /** A root with its key. */
  private record Signer(X509Certificate cert, PrivateKey key) {}

  /**
   * @param signer what signs leaves
   * @param next a staged root, in the bundle, not signing yet; null when none
   * @param previous a root being retired, still in the bundle; null when none
   * @param generation changes whenever the signer does (leaves of an older generation are reissued)
   */
  private record State(Signer signer, Signer next, X509Certificate previous, long generation) {
    List<X509Certificate> bundle() {
      List<X509Certificate> out = new ArrayList<>(List.of(signer.cert()));
      if (next != null) {
        out.add(next.cert());
      }
      if (previous != null) {
        out.add(previous);
      }
      return List.copyOf(out);
    }
  }

  private final Path dir;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile State state;

  private CertificateAuthority(Path dir, Clock clock, State state) {
    this.dir = dir;
    this.clock = clock;
    this.state = state;
  }

  /**
   * The built-in CA of a data directory: the root in {@code <dataDir>/ca/}, generated on first use;
   * a rotation in progress is resumed.
   */
  public static CertificateAuthority openBuiltIn(Path dataDir, Clock clock) {
    Path dir = dataDir.resolve("ca");
    try {
      if (!Files.exists(dir.resolve(ROOT_CERT))) {
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
        CertificateAuthority fresh = new CertificateAuthority(dir, clock, null);
        Signer root = fresh.newRoot();
        fresh.write(ROOT_KEY, pem(pkcs8(root.key())));
        fresh.write(ROOT_CERT, pem(root.cert()));
        fresh.state = new State(root, null, null, 0);
        return fresh;
      }
      Signer root = readSigner(dir.resolve(ROOT_CERT), dir.resolve(ROOT_KEY));
      Signer next = Files.exists(dir.resolve(NEXT_CERT))
          ? readSigner(dir.resolve(NEXT_CERT), dir.resolve(NEXT_KEY)) : null;
      X509Certificate previous = Files.exists(dir.resolve(PREVIOUS_CERT))
          ? readCertificate(Files.readString(dir.resolve(PREVIOUS_CERT))) : null;
      return new CertificateAuthority(dir, clock, new State(root, next, previous, 0));
    } catch (IOException e) {
      throw new UncheckedIOException("CA in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A CA that signs with an operator's certificate and key (PEM files); it cannot rotate its root. */
  public static CertificateAuthority bringYourOwn(Path certFile, Path keyFile, Clock clock) {
    try {
      Signer s = readSigner(certFile, keyFile);
      if (s.cert().getBasicConstraints() < 0) {
        throw new IllegalArgumentException(certFile + " is not a CA certificate (basicConstraints CA:false)");
      }
      return new CertificateAuthority(null, clock, new State(s, null, null, 0));
    } catch (IOException e) {
      throw new UncheckedIOException("--ca-cert/--ca-key: " + e.getMessage(), e);
    }
  }

  /**
   * A server certificate for {@code names} (DNS names or IP literals), valid {@code validity}: what a
   * TLS server of the control plane (ADS) presents. Clients verify it with {@link #trustBundlePem()}.
   */
  public IssuedCertificate issueServerCertificate(List<String> names, Duration validity) {
    return issue(List.of(), names, validity);
  }

  /** A leaf with the given URI and DNS subject alternative names, signed by the current root. */
  public IssuedCertificate issue(List<String> uris, List<String> dnsNames, Duration validity) {
    State s = state;
    try {
      KeyPair kp = ecKeyPair();
      Instant now = clock.instant();
      Instant notBefore = now.minus(SKEW);
      Instant notAfter = now.plus(validity);
      Instant rootEnd = s.signer().cert().getNotAfter().toInstant();
      if (notAfter.isAfter(rootEnd)) {
        notAfter = rootEnd;
      }
      BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      List<GeneralName> sans = new ArrayList<>();
      uris.forEach(u -> sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
      for (String d : dnsNames) {
        sans.add(isIpLiteral(d) ? new GeneralName(GeneralName.iPAddress, d) : new GeneralName(GeneralName.dNSName, d));
      }
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(s.signer().cert(), serial,
          Date.from(notBefore), Date.from(notAfter), new X500Name("O=Wharf"), kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      if (!sans.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
      }
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          ext.createAuthorityKeyIdentifier(s.signer().cert()));
      X509Certificate leaf = toX509(b.build(signer(s.signer().key())));
      return new IssuedCertificate(pem(leaf) + pem(s.signer().cert()), pem(pkcs8(kp.getPrivate())), serial,
          notBefore, notAfter);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("could not issue a certificate: " + e.getMessage(), e);
    }
  }

  /** Every root proxies accept, PEM, signing root first. */
  public String trustBundlePem() {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : state.bundle()) {
      b.append(pem(c));
    }
    return b.toString();
  }

  /** Every root proxies accept, signing root first. */
  public List<X509Certificate> trustBundle() {
    return state.bundle();
  }

  /** The root that signs leaves now. */
  public X509Certificate signingRoot() {
    return state.signer().cert();
  }

  /** Changes whenever the signing root does: leaves issued under another generation are reissued. */
  public long generation() {
    return state.generation();
  }

  /** True while a staged root waits to sign (after step 1). */
  public boolean staged() {
    return state.next() != null;
  }

  /** True while a retired root is still trusted (after step 2). */
  public boolean retiring() {
    return state.previous() != null;
  }

  /** Rotation step 1: a new root joins the bundle; the current one keeps signing. */
  public synchronized void stageNextRoot() {
    State s = requireBuiltIn();
    if (s.next() != null || s.previous() != null) {
      throw new IllegalStateException("a root rotation is already in progress");
    }
    Signer next = newRoot();
    write(NEXT_KEY, pem(pkcs8(next.key())));
    write(NEXT_CERT, pem(next.cert()));
    state = new State(s.signer(), next, null, s.generation());
  }

  /** Rotation step 2: the staged root signs; the old one stays trusted for the leaves it signed. */
  public synchronized void activateNextRoot() {
    State s = requireBuiltIn();
    if (s.next() == null) {
      throw new IllegalStateException("no staged root to activate");
    }
    write(PREVIOUS_CERT, pem(s.signer().cert()));
    write(ROOT_KEY, pem(pkcs8(s.next().key())));
    write(ROOT_CERT, pem(s.next().cert()));
    delete(NEXT_CERT);
    delete(NEXT_KEY);
    state = new State(s.next(), null, s.signer().cert(), s.generation() + 1);
  }

  /** Rotation step 3: the old root leaves the bundle. */
  public synchronized void dropPreviousRoot() {
    State s = requireBuiltIn();
    delete(PREVIOUS_CERT);
    state = new State(s.signer(), s.next(), null, s.generation());
  }

  private State requireBuiltIn() {
    if (dir == null) {
      throw new IllegalStateException("a CA brought with --ca-cert/--ca-key is rotated by restarting with new files");
    }
    return state;
  }

  private Signer newRoot() {
    try {
      KeyPair kp = ecKeyPair();
      Instant now = clock.instant();
      X500Name name = new X500Name("O=Wharf,CN=Wharf root " + Long.toHexString(now.getEpochSecond()));
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(127, random).add(
          BigInteger.ONE), Date.from(now.minus(SKEW)), Date.from(now.plus(ROOT_VALIDITY)), name, kp.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      return new Signer(toX509(b.build(signer(kp.getPrivate()))), kp.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("could not create a root: " + e.getMessage(), e);
    }
  }

  private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
    String alg = "EC".equals(key.getAlgorithm()) || "ECDSA".equals(key.getAlgorithm())
        ? "SHA256withECDSA" : "SHA256withRSA";
    return new JcaContentSignerBuilder(alg).build(key);
  }

  private static X509Certificate toX509(X509CertificateHolder holder) throws GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static boolean isIpLiteral(String s) {
    if (!s.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
      return false;
    }
    try {
      InetAddress.getByName(s);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Signer readSigner(Path certFile, Path keyFile) throws IOException {
    X509Certificate cert = readCertificate(Files.readString(certFile));
    PrivateKey key = readKey(Files.readString(keyFile));
    PublicKey pub = cert.getPublicKey();
    if (!pub.getAlgorithm().equals(key.getAlgorithm()) && !("EC".equals(pub.getAlgorithm())
        && "ECDSA".equals(key.getAlgorithm()))) {
      throw new IOException(keyFile + " is a " + key.getAlgorithm() + " key, " + certFile + " a "
          + pub.getAlgorithm() + " certificate");
    }
    return new Signer(cert, key);
  }

  static X509Certificate readCertificate(String pem) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      if (!(o instanceof X509CertificateHolder h)) {
        throw new IOException("no PEM certificate found");
      }
      return toX509(h);
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static PrivateKey readKey(String pem) throws IOException {
    try (Reader r = new StringReader(pem); PEMParser p = new PEMParser(r)) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return conv.getKeyPair(kp).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
      throw new IOException("no unencrypted PEM private key found");
    }
  }

  private static Object pkcs8(PrivateKey key) {
    try {
      return new JcaPKCS8Generator(key, null);
    } catch (PemGenerationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      if (o instanceof JcaPKCS8Generator g) {
        w.writeObject(g);
      } else {
        w.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes a file 0600, atomically (a temporary file moved into place). */
  private void write(String name, String content) {
    try {
      Path tmp = Files.createTempFile(dir, name, ".tmp");
      restrict(tmp, "rw-------");
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CA file " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
  }

  private void delete(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void restrict(Path p, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the directory's ACLs apply
    }
  }
}
