package dev.wharf.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.controlplane.ca.CertificateAuthority;
import dev.wharf.controlplane.ca.TlsSettings;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Load;
import dev.wharf.tests.harness.Mesh;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * TLS between sidecars (spec 54-56) on real Envoy sidecars and real sockets: payments sets
 * {@code tls}, checkout calls it by its short alias. Leaves live 20 s and are renewed after 8 s, so
 * rotations happen while the tests run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsTrafficTest {
  static final String SPIFFE = "spiffe://wharf/ns/prod/sc/payments";
  private Mesh mesh;
  private Mesh.Task checkout;
  private final List<Mesh.Task> payments = new ArrayList<>();
  private String url;

  @BeforeAll
  void startMesh() {
    mesh = Mesh.start(c -> c.withTls(TlsSettings.defaults().withLeafLifetimes(Duration.ofSeconds(20),
        Duration.ofSeconds(8))));
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("payments", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "payments", "payments", 2, Map.of("enabled", true, "namespace", "prod",
        "services", List.of(Map.of("portName", "api", "discoveryName", "payments",
            "clientAliases", List.of(Map.of("port", 8080, "dnsName", "payments")),
            "tls", Map.of("issuerCertificateAuthority", Map.of("awsPcaAuthorityArn",
                "arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/wharf"))))));
    mesh.service("shop", "checkout", "checkout", 1, Map.of("enabled", true, "namespace", "prod"));
    checkout = mesh.task("shop", "checkout", 1, 1, 0);
    payments.add(mesh.task("shop", "payments", 2, 1, 8080));
    payments.add(mesh.task("shop", "payments", 2, 2, 8080));
    Await.until(Duration.ofSeconds(10), "checkout's hosts file maps payments",
        () -> checkout.resolve("payments") != null);
    url = "http://payments:8080/".replace("payments:", checkout.resolve("payments") + ":");
    Await.until(Duration.ofSeconds(10), "checkout's Envoy has 2 payments endpoints",
        () -> EnvoyAdmin.hosts(checkout, "payments") == 2);
  }

  @AfterAll
  void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  @Order(1)
  void requestsByShortNameSucceedOverTlsAndTheClientCountsHandshakes() {
    for (int i = 0; i < 50; i++) {
      Http.Reply r = Http.get(url);
      assertEquals(200, r.status(), "request " + i + ": " + r.body());
    }
    long handshakes = EnvoyAdmin.stat(checkout, "cluster.egress~payments.ssl.handshake");
    System.out.println("checkout's Envoy: cluster.payments.ssl.handshake = " + handshakes);
    assertTrue(handshakes > 0, "no TLS handshake counted by checkout's Envoy: "
        + EnvoyAdmin.stats(checkout, "cluster.egress~payments.ssl"));
    assertTrue(EnvoyAdmin.stats(checkout, "cluster.egress~payments.ssl.versions.TLSv1.3").contains(": "),
        "TLS 1.3 not counted");
  }

  @Test
  @Order(2)
  void aPlaintextConnectionToTheIngressGetsNoAnswer() throws IOException {
    String ip = payments.get(0).local().spec().ingressIp();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(ip, 8080), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: payments\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64];
      int n;
      try {
        n = in.read(buf);
      } catch (IOException reset) {
        n = -1;
      }
      String got = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
      assertFalse(got.startsWith("HTTP/"), "plaintext request answered: " + got);
    }
    assertEquals(-1, Http.get("http://" + ip + ":8080/", Duration.ofSeconds(5)).status());
  }

  @Test
  @Order(3)
  void theCertificateOnTheWireChainsToWharfsRootAndCarriesTheSpiffeUri() throws Exception {
    List<X509Certificate> root = mesh.controlPlane().ca().trustBundle();
    Mesh.Task p = payments.get(0);
    List<X509Certificate> chain = TlsProbe.chain(p.local().spec().ingressIp(), 8080, "payments", root);
    X509Certificate leaf = chain.get(0);
    leaf.verify(mesh.controlPlane().ca().signingRoot().getPublicKey());
    Set<String> sans = new TreeSet<>();
    leaf.getSubjectAlternativeNames().forEach(l -> sans.add(l.get(0) + "=" + l.get(1)));
    System.out.println("payments' certificate on the wire: serial " + leaf.getSerialNumber().toString(16)
        + " SANs " + sans + " notAfter " + leaf.getNotAfter());
    assertEquals(Set.of("6=" + SPIFFE, "2=payments"), sans);
    assertTrue(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()).toSeconds() <= 80,
        "leaf validity is not the configured 20 s (plus 60 s skew)");
  }

  @Test
  @Order(4)
  void aClientTrustingAnotherRootIsRefused() throws Exception {
    CertificateAuthority other = CertificateAuthority.openBuiltIn(Files.createTempDirectory("other-ca"),
        Clock.systemUTC());
    Mesh.Task p = payments.get(0);
    assertThrows(SSLHandshakeException.class,
        () -> TlsProbe.chain(p.local().spec().ingressIp(), 8080, "payments", other.trustBundle()));
  }

  @Test
  @Order(5)
  void leavesRotateUnderLoadWithoutAFailedRequest() throws Exception {
    Set<String> serials = new TreeSet<>(serials(payments.get(0)));
    long updatesBefore = sdsUpdates(payments.get(0));
    try (Load load = Load.start(url, 200, 8)) {
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < end) {
        serials.addAll(serials(payments.get(0)));
        Thread.sleep(500);
      }
      load.close();
      System.out.println("leaf rotation: " + load.sent() + " requests in 30 s, " + load.failed() + " failed; "
          + "serials seen in payments' /certs: " + serials);
      assertEquals(0, load.failed(), "requests failed during rotation: " + load.failures());
      assertTrue(load.sent() > 2400, "load too low: " + load.sent());
    }
    assertTrue(serials.size() >= 3, "fewer than 2 rotations seen: " + serials);
    long updates = sdsUpdates(payments.get(0));
    System.out.println("payments' Envoy: ssl_context_update_by_sds " + updatesBefore + " -> " + updates);
    assertTrue(updates >= updatesBefore + 2, EnvoyAdmin.stats(payments.get(0), "sds|ssl_context_update"));
  }

  @Test
  @Order(6)
  void theRootRotatesUnderLoadWithoutAFailedRequest() throws Exception {
    X509Certificate oldRoot = mesh.controlPlane().ca().signingRoot();
    try (Load load = Load.start(url, 200, 8)) {
      Thread.sleep(2000);
      long start = System.nanoTime();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + mesh.controlPlane().apiPort() + "/wharf/ca/rotate-root")).POST(HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      System.out.println("root rotation took " + (System.nanoTime() - start) / 1_000_000 + " ms");
      Thread.sleep(2000);
      load.close();
      System.out.println("root rotation: " + load.sent() + " requests, " + load.failed() + " failed");
      assertEquals(0, load.failed(), "requests failed during the root rotation: " + load.failures());
    }
    X509Certificate newRoot = mesh.controlPlane().ca().signingRoot();
    assertNotEquals(oldRoot, newRoot);
    assertEquals(List.of(newRoot), mesh.controlPlane().ca().trustBundle(), "the old root is still trusted");
    Mesh.Task p = payments.get(1);
    List<X509Certificate> chain = TlsProbe.chain(p.local().spec().ingressIp(), 8080, "payments", List.of(newRoot));
    chain.get(0).verify(newRoot.getPublicKey());
    assertThrows(SSLHandshakeException.class,
        () -> TlsProbe.chain(p.local().spec().ingressIp(), 8080, "payments", List.of(oldRoot)));
    for (int i = 0; i < 20; i++) {
      assertEquals(200, Http.get(url).status());
    }
  }

  @Test
  @Order(7)
  void aControlPlaneRestartServesTheSameCertificates() throws Exception {
    Mesh.Task p = payments.get(0);
    Set<String> previous = serials(p);
    Await.until(Duration.ofSeconds(15), "a fresh renewal", () -> !serials(p).equals(previous));
    Set<String> before = serials(p);
    long updates = sdsUpdates(p);
    // Renewal after 15 s from now on: the fresh leaf is not due during the restart, so what is served
    // after it is what was stored.
    mesh.restartControlPlane(c -> c.withTls(TlsSettings.defaults().withLeafLifetimes(Duration.ofSeconds(20),
        Duration.ofSeconds(15))), () -> { });
    Await.until(Duration.ofSeconds(10), "the three sidecars reconnect",
        () -> mesh.controlPlane().tracker().openStreams() == 3);
    Set<String> after = serials(p);
    for (int i = 0; i < 20; i++) {
      assertEquals(200, Http.get(url).status());
    }
    System.out.println("payments' serials before a restart " + before + ", after " + after);
    assertTrue(after.containsAll(before) && before.containsAll(after), before + " became " + after);
    assertEquals(updates, sdsUpdates(p), "the restart pushed new certificates");
  }

  /** The sum of a sidecar's {@code ssl_context_update_by_sds} counters: TLS contexts rebuilt from SDS. */
  static long sdsUpdates(Mesh.Task task) {
    long n = 0;
    for (String line : EnvoyAdmin.stats(task, "ssl_context_update_by_sds").split("\n")) {
      int colon = line.lastIndexOf(": ");
      if (colon > 0) {
        n += Long.parseLong(line.substring(colon + 2).trim());
      }
    }
    return n;
  }

  /** Serials (hex) of the certificates with payments' SPIFFE URI in a sidecar's {@code /certs}. */
  static Set<String> serials(Mesh.Task task) {
    Set<String> out = new TreeSet<>();
    JsonNode certs;
    try {
      certs = Mesh.JSON.readTree(task.admin("/certs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (JsonNode c : certs.path("certificates")) {
      for (JsonNode leaf : c.path("cert_chain")) {
        if (leaf.toString().contains(SPIFFE)) {
          out.add(leaf.path("serial_number").asText());
        }
      }
    }
    return out;
  }
}
