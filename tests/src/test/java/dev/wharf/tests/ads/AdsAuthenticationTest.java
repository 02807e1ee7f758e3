package dev.wharf.tests.ads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.bootstrap.CredentialSource;
import dev.wharf.bootstrap.NodeIdentity;
import dev.wharf.bootstrap.cli.UsageException;
import dev.wharf.controlplane.auth.SidecarCredentials;
import dev.wharf.controlplane.local.CredentialClient;
import dev.wharf.controlplane.local.LocalTask;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.Mesh;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sidecars authenticate to the control plane (README "Security"), checked with a scripted ADS client
 * over real gRPC and TLS against a control plane that requires credentials: a stream with a missing,
 * forged or expired credential, or one whose node is not its credential's task, is refused with
 * UNAUTHENTICATED or PERMISSION_DENIED, gets no response and registers no task; a genuine stream
 * gets only its own task's configuration, none of another namespace's.
 */
class AdsAuthenticationTest {
  private static final long QUIET = 1500;

  private Mesh mesh;
  private NodeIdentity taskA;
  private NodeIdentity taskB;
  private CredentialSource.Issued issuedA;

  @BeforeEach
  void start() throws UsageException {
    mesh = Mesh.start();
    mesh.namespace("ns1");
    mesh.namespace("ns2");
    mesh.cluster("c1");
    mesh.taskDefinition("api", "api", 8080, "http");
    mesh.service("c1", "a", "api", 1, Map.of("enabled", true, "namespace", "ns1", "services",
        List.of(Map.of("portName", "api", "discoveryName", "alpha", "clientAliases",
            List.of(Map.of("port", 8080))))));
    mesh.service("c1", "b", "api", 1, Map.of("enabled", true, "namespace", "ns2", "services",
        List.of(Map.of("portName", "api", "discoveryName", "bravo", "clientAliases",
            List.of(Map.of("port", 8080))))));
    taskA = new LocalTask.Spec("us-east-1", "000000000000", "c1", "a", "aaaa0001", 3, 1).identity();
    taskB = new LocalTask.Spec("us-east-1", "000000000000", "c1", "b", "bbbb0001", 3, 2).identity();
    issuedA = new CredentialClient(null, null, null).fetch(endpoint(), taskA);
    assertNotNull(issuedA.xdsTrust(), "ADS is served over TLS, so the endpoint hands out its CA");
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void aStreamWithoutCredentialIsRefusedAndRegistersNothing() {
    assertRefused(null, taskA.toNode(), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aForgedCredentialIsRefused() {
    byte[] otherKey = new byte[32];
    new SecureRandom().nextBytes(otherKey);
    String forged = SidecarCredentials.withKey(otherKey).issue(taskA.taskArn(), "a", Instant.now().plusSeconds(600));
    assertRefused(forged, taskA.toNode(), Status.Code.UNAUTHENTICATED);
    String tampered = issuedA.credential().substring(0, issuedA.credential().length() - 2) + "AA";
    assertRefused(tampered, taskA.toNode(), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void anExpiredCredentialIsRefused() {
    String expired = SidecarCredentials.open(mesh.controlPlane().config().dataDir())
        .issue(taskA.taskArn(), "a", Instant.now().minusSeconds(1));
    assertRefused(expired, taskA.toNode(), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void taskACredentialCannotClaimTaskBOrAnotherNamespacesService() {
    assertRefused(issuedA.credential(), taskB.toNode(), Status.Code.PERMISSION_DENIED);
    NodeIdentity aAsB = new NodeIdentity("us-east-1", "000000000000", "c1", "b", "aaaa0001", "loopback",
        "127.1.3.1", "127.2.3.1", "3.1", null);
    assertRefused(issuedA.credential(), aAsB.toNode(), Status.Code.PERMISSION_DENIED);
    assertRefused(issuedA.credential(), Node.newBuilder().setId(taskA.taskArn()).build(),
        Status.Code.PERMISSION_DENIED);
  }

  @Test
  void aGenuineStreamGetsOnlyItsOwnTasksConfiguration() {
    try (ScriptedAds a = ScriptedAds.secureSotw(mesh.controlPlane().xdsPort(), issuedA.xdsTrust(),
        issuedA.credential(), taskA.toNode())) {
      a.request(ScriptedAds.CDS, "", "", List.of());
      DiscoveryResponse cds = a.next(ScriptedAds.CDS);
      a.request(ScriptedAds.LDS, "", "", List.of());
      DiscoveryResponse lds = a.next(ScriptedAds.LDS);
      String all = cds.toString() + lds.toString();
      assertTrue(all.contains("alpha"), "task A's own ingress for alpha: " + all);
      assertFalse(all.contains("bravo"), "nothing of ns2's service bravo reaches task A");
      Await.until(Duration.ofSeconds(10), "task A registered", () -> taskArns().contains(taskA.taskArn()));
      assertEquals(List.of(taskA.taskArn()), taskArns());
    }
  }

  /** Opens a stream with {@code credential} and {@code node}; it must be closed with {@code code}. */
  private void assertRefused(String credential, Node node, Status.Code code) {
    try (ScriptedAds c = ScriptedAds.secureSotw(mesh.controlPlane().xdsPort(), issuedA.xdsTrust(), credential,
        node)) {
      c.request(ScriptedAds.CDS, "", "", List.of());
      c.request(ScriptedAds.LDS, "", "", List.of());
      Status s = c.closedWith(5000);
      assertNotNull(s, "the stream must be closed");
      assertEquals(code, s.getCode(), "status: " + s);
      c.expectNothing(QUIET);
    }
    assertEquals(List.of(), taskArns(), "a refused stream registers no task");
    assertEquals("{}", mesh.controlPlane().tracker().view().toString().replace(" ", ""),
        "a refused stream is not tracked as a proxy");
  }

  private List<String> taskArns() {
    JsonNode r = mesh.call("ecs", "ListTasks", Map.of("cluster", "c1"));
    List<String> out = new ArrayList<>();
    r.path("taskArns").forEach(t -> out.add(t.asText()));
    return out;
  }

  private String endpoint() {
    return "http://127.0.0.1:" + mesh.controlPlane().apiPort();
  }
}
