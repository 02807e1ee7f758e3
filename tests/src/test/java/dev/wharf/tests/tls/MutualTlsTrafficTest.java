package dev.wharf.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.ca.CertificateAuthority;
import dev.wharf.controlplane.ca.IssuedCertificate;
import dev.wharf.controlplane.xds.GroupSnapshot;
import dev.wharf.controlplane.xds.ResourceValidator;
import dev.wharf.controlplane.xds.XdsResource;
import dev.wharf.controlplane.xds.XdsType;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mutual TLS (Wharf's extension, {@code --tls-mutual}) and SDS over ADS (spec 56) on real Envoy
 * sidecars: payments and ledger set {@code tls}, checkout is a client. Every proxy's snapshot holds
 * every secret its listeners and clusters name, and only its own: its services' certificates, its own
 * identity and the trust bundle. Ledger's sidecar speaks delta ADS, the others state of the world.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsTrafficTest {
  private static final String PCA = "arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/wharf";
  private Mesh mesh;
  private Mesh.Task checkout;
  private Mesh.Task payments;
  private Mesh.Task ledger;
  private String url;

  @BeforeAll
  void startMesh() {
    mesh = Mesh.start(c -> c.withTranslatorOptions(c.translatorOptions().withMutualTls(true)));
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("api", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    for (String name : List.of("payments", "ledger")) {
      mesh.service("shop", name, "api", 1, Map.of("enabled", true, "namespace", "prod",
          "services", List.of(Map.of("portName", "api", "discoveryName", name,
              "clientAliases", List.of(Map.of("port", 8080, "dnsName", name)),
              "tls", Map.of("issuerCertificateAuthority", Map.of("awsPcaAuthorityArn", PCA))))));
    }
    mesh.service("shop", "checkout", "checkout", 1, Map.of("enabled", true, "namespace", "prod"));
    checkout = mesh.task("shop", "checkout", 1, 1, 0);
    payments = mesh.task("shop", "payments", 2, 1, 8080);
    ledger = mesh.deltaTask("shop", "ledger", 3, 1, 8080);
    Await.until(Duration.ofSeconds(10), "checkout's hosts file maps payments",
        () -> checkout.resolve("payments") != null);
    url = "http://" + checkout.resolve("payments") + ":8080/";
    Await.until(Duration.ofSeconds(10), "checkout's Envoy has the payments endpoint",
        () -> EnvoyAdmin.hosts(checkout, "payments") == 1);
  }

  @AfterAll
  void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aSidecarWithItsOwnCertificateIsServedAndAClientWithoutOneIsRefused() throws Exception {
    Await.until(Duration.ofSeconds(10), "checkout's Envoy has the ledger endpoint",
        () -> EnvoyAdmin.hosts(checkout, "ledger") == 1);
    for (int i = 0; i < 20; i++) {
      Http.Reply r = Http.get(url);
      assertEquals(200, r.status(), "request " + i + ": " + r.body());
      Http.Reply l = Http.get("http://" + checkout.resolve("ledger") + ":8080/");
      assertEquals(200, l.status(), "ledger (delta ADS), request " + i + ": " + l.body());
    }
    String ip = payments.local().spec().ingressIp();
    CertificateAuthority ca = mesh.controlPlane().ca();
    List<X509Certificate> roots = ca.trustBundle();
    assertNull(TlsProbe.get(ip, 8080, "payments", roots, null), "answered a client without a certificate");
    CertificateAuthority other = CertificateAuthority.openBuiltIn(Files.createTempDirectory("other-ca"),
        Clock.systemUTC());
    IssuedCertificate forged = other.issue(List.of("spiffe://wharf/ns/prod/task/intruder"), List.of(),
        Duration.ofMinutes(5));
    assertNull(TlsProbe.get(ip, 8080, "payments", roots, forged), "answered a certificate from another CA");
    IssuedCertificate otherNamespace = ca.issue(List.of("spiffe://wharf/ns/staging/task/t1"), List.of(),
        Duration.ofMinutes(5));
    assertNull(TlsProbe.get(ip, 8080, "payments", roots, otherNamespace), "answered another namespace's identity");
    IssuedCertificate valid = ca.issue(List.of("spiffe://wharf/ns/prod/task/probe"), List.of(), Duration.ofMinutes(5));
    String answer = TlsProbe.get(ip, 8080, "payments", roots, valid);
    assertTrue(answer != null && answer.startsWith("HTTP/1.1 200"), "a valid client certificate was refused: "
        + answer);
  }

  @Test
  void everyProxyHoldsEverySecretItNamesAndOnlyItsOwn() throws Exception {
    Map<Mesh.Task, Set<String>> expected = Map.of(
        checkout, Set.of("identity", "trust"),
        payments, Set.of("cert~payments", "identity", "trust"),
        ledger, Set.of("cert~ledger", "identity", "trust"));
    for (Map.Entry<Mesh.Task, Set<String>> e : expected.entrySet()) {
      String group = mesh.ecsTask(e.getKey()).taskArn();
      GroupSnapshot g = mesh.controlPlane().publisher().current(group);
      assertEquals(List.of(), ResourceValidator.secretReferences(g.get(XdsType.CLUSTER), g.get(XdsType.LISTENER),
          g.get(XdsType.SECRET)), "unresolved SDS names in " + group);
      Set<String> names = new TreeSet<>();
      for (XdsResource r : g.get(XdsType.SECRET).all()) {
        names.add(r.name());
      }
      assertEquals(e.getValue(), names, "secrets of " + group);
      Secret identity = (Secret) g.get(XdsType.SECRET).get("identity").message();
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(identity.getTlsCertificate().getCertificateChain().getInlineBytes().toByteArray()));
      assertEquals("spiffe://wharf/ns/prod/task/" + e.getKey().id(),
          cert.getSubjectAlternativeNames().iterator().next().get(1), "identity of " + group);
      String certs = e.getKey().admin("/certs");
      assertTrue(certs.contains("spiffe://wharf/ns/prod/task/" + e.getKey().id()),
          "Envoy of " + group + " does not hold its identity: " + certs);
      for (Mesh.Task other : expected.keySet()) {
        if (other != e.getKey()) {
          assertTrue(!certs.contains("task/" + other.id()), group + " holds another task's identity");
        }
      }
    }
  }
}
