package dev.wharf.controlplane.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in CA: a durable root with private files, leaves as documented, an operator's CA, rotation. */
class CertificateAuthorityTest {
  @TempDir
  Path dir;

  @Test
  void theBuiltInRootIsKeptPrivatelyAndReusedAfterARestart() throws Exception {
    CertificateAuthority first = CertificateAuthority.openBuiltIn(dir, Clock.systemUTC());
    Path ca = dir.resolve("ca");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ca)));
    for (String f : List.of(CertificateAuthority.ROOT_CERT, CertificateAuthority.ROOT_KEY)) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve(f))), f);
    }
    CertificateAuthority again = CertificateAuthority.openBuiltIn(dir, Clock.systemUTC());
    assertEquals(first.signingRoot(), again.signingRoot());
    X509Certificate root = first.signingRoot();
    assertTrue(root.getBasicConstraints() >= 0, "the root is not a CA");
    root.verify(root.getPublicKey());
  }

  @Test
  void aLeafCarriesItsNamesAndLifetimeAndChainsToTheRoot() throws Exception {
    CertificateAuthority ca = CertificateAuthority.openBuiltIn(dir, Clock.systemUTC());
    IssuedCertificate c = ca.issue(List.of("spiffe://wharf/ns/prod/sc/payments"), List.of("payments"),
        Duration.ofDays(7));
    List<X509Certificate> chain = parse(c.certificateChainPem());
    X509Certificate leaf = chain.get(0);
    assertEquals(ca.signingRoot(), chain.get(1));
    leaf.verify(ca.signingRoot().getPublicKey());
    assertEquals(Set.of("6=spiffe://wharf/ns/prod/sc/payments", "2=payments"), sans(leaf));
    assertEquals(Duration.ofDays(7).plusMinutes(1).toSeconds(),
        Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()).toSeconds());
    assertEquals(-1, leaf.getBasicConstraints());
    assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
    assertEquals(c.serial(), leaf.getSerialNumber());
    assertTrue(c.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----"));
    assertTrue(!c.toString().contains("PRIVATE"), "toString shows the key");
    IssuedCertificate server = ca.issueServerCertificate(List.of("wharf.example", "10.0.0.7"), Duration.ofHours(1));
    assertEquals(Set.of("2=wharf.example", "7=10.0.0.7"), sans(parse(server.certificateChainPem()).get(0)));
  }

  @Test
  void anOperatorsCaSignsTheLeavesAndCannotBeRotatedByWharf() throws Exception {
    CertificateAuthority theirs = CertificateAuthority.openBuiltIn(dir.resolve("theirs"), Clock.systemUTC());
    Path cert = dir.resolve("theirs/ca").resolve(CertificateAuthority.ROOT_CERT);
    Path key = dir.resolve("theirs/ca").resolve(CertificateAuthority.ROOT_KEY);
    CertificateAuthority byo = CertificateAuthority.bringYourOwn(cert, key, Clock.systemUTC());
    assertEquals(theirs.signingRoot(), byo.signingRoot());
    X509Certificate leaf = parse(byo.issue(List.of(), List.of("x"), Duration.ofHours(1)).certificateChainPem()).get(0);
    leaf.verify(theirs.signingRoot().getPublicKey());
    assertThrows(IllegalStateException.class, byo::stageNextRoot);
    Path notCa = dir.resolve("leaf.crt");
    Files.writeString(notCa, byo.issue(List.of(), List.of("x"), Duration.ofHours(1)).certificateChainPem());
    assertThrows(IllegalArgumentException.class,
        () -> CertificateAuthority.bringYourOwn(notCa, key, Clock.systemUTC()));
  }

  @Test
  void aRootRotationGoesThroughTheBundleAndResumesAfterARestart() throws Exception {
    CertificateAuthority ca = CertificateAuthority.openBuiltIn(dir, Clock.systemUTC());
    X509Certificate old = ca.signingRoot();
    ca.stageNextRoot();
    assertTrue(ca.staged() && !ca.retiring());
    assertThrows(IllegalStateException.class, ca::stageNextRoot);
    assertEquals(2, ca.trustBundle().size());
    assertEquals(old, ca.signingRoot());
    CertificateAuthority reopened = CertificateAuthority.openBuiltIn(dir, Clock.systemUTC());
    assertEquals(ca.trustBundle(), reopened.trustBundle(), "a restart lost the staged root");
    long generation = ca.generation();
    ca.activateNextRoot();
    assertNotEquals(old, ca.signingRoot());
    assertNotEquals(generation, ca.generation());
    assertEquals(List.of(ca.signingRoot(), old), ca.trustBundle());
    assertTrue(!ca.staged() && ca.retiring());
    assertEquals(ca.trustBundle(), CertificateAuthority.openBuiltIn(dir, Clock.systemUTC()).trustBundle());
    ca.dropPreviousRoot();
    assertEquals(List.of(ca.signingRoot()), ca.trustBundle());
    assertTrue(!ca.staged() && !ca.retiring());
    assertEquals(ca.signingRoot(), CertificateAuthority.openBuiltIn(dir, Clock.systemUTC()).signingRoot());
    assertEquals(1, parse(ca.trustBundlePem()).size());
  }

  private static List<X509Certificate> parse(String pem) throws Exception {
    return CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
        .map(c -> (X509Certificate) c).toList();
  }

  private static Set<String> sans(X509Certificate c) throws Exception {
    Set<String> out = new TreeSet<>();
    c.getSubjectAlternativeNames().forEach(l -> out.add(l.get(0) + "=" + l.get(1)));
    return out;
  }
}
