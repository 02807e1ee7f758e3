package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.bootstrap.CredentialSource;
import dev.wharf.bootstrap.NodeIdentity;
import dev.wharf.bootstrap.cli.UsageException;
import dev.wharf.controlplane.ControlPlaneConfig;
import dev.wharf.controlplane.auth.SigV4;
import dev.wharf.controlplane.local.CredentialClient;
import dev.wharf.tests.harness.AwsCli;
import dev.wharf.tests.harness.Mesh;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.ServiceDiscoveryException;

/**
 * {@code wharf server --credentials FILE}: the real AWS CLI and the SDK for Java v2 with the right
 * secret work (the calls act in the key's account); a wrong secret gets
 * {@code InvalidSignatureException}, an unknown key {@code UnrecognizedClientException}, a stale
 * {@code X-Amz-Date} {@code InvalidSignatureException} "Signature expired", an unsigned call
 * {@code MissingAuthenticationTokenException}; the state is unchanged after each rejected call. The
 * sidecar credential endpoint ({@code wharf bootstrap --endpoint}) is held to the same check.
 */
class SigV4AuthTest {
  private static final String KEY = "AKIAWHARFTEST000001";
  private static final String SECRET = "s3cr3t/Wharf+Key0123456789abcdefghij";
  private static final String ACCOUNT = "111122223333";

  private Mesh mesh;
  private AwsCli good;

  @BeforeEach
  void start() throws IOException {
    Path file = Files.createTempFile("wharf-credentials", ".txt");
    Files.writeString(file, "# access key id, secret, account\n" + KEY + " " + SECRET + " " + ACCOUNT + "\n");
    mesh = Mesh.start(c -> c.withSecurity(new ControlPlaneConfig.Security(ControlPlaneConfig.When.ALWAYS,
        ControlPlaneConfig.When.ALWAYS, file)));
    good = new AwsCli(mesh.controlPlane().apiPort(), KEY, SECRET);
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void theAwsCliWithTheRightSecretWorksInTheKeysAccount() {
    JsonNode c = good.ok("ecs", "create-cluster", "--cluster-name", "signed");
    assertEquals("arn:aws:ecs:us-east-1:" + ACCOUNT + ":cluster/signed", c.path("cluster").path("clusterArn").asText());
    good.ok("servicediscovery", "create-http-namespace", "--name", "ns-signed");
    assertEquals(1, good.ok("servicediscovery", "list-namespaces").path("Namespaces").size());
  }

  @Test
  void theAwsCliWithAWrongSecretOrUnknownKeyGetsAwsErrorsAndChangesNothing() {
    String before = state();
    AwsCli wrong = new AwsCli(mesh.controlPlane().apiPort(), KEY, SECRET + "x");
    assertRejected(wrong.run("ecs", "create-cluster", "--cluster-name", "forged"), "InvalidSignatureException");
    assertRejected(wrong.run("servicediscovery", "create-http-namespace", "--name", "forged"),
        "InvalidSignatureException");
    AwsCli unknown = new AwsCli(mesh.controlPlane().apiPort(), "AKIAUNKNOWN00000001", SECRET);
    assertRejected(unknown.run("ecs", "create-cluster", "--cluster-name", "forged"), "UnrecognizedClientException");
    assertRejected(unknown.run("servicediscovery", "create-http-namespace", "--name", "forged"),
        "UnrecognizedClientException");
    assertEquals(before, state(), "rejected calls change nothing");
  }

  @Test
  void cloudWatchAnswersInItsOwnProtocolWithTheQueryFamilysCodes() {
    good.ok("cloudwatch", "list-metrics");
    AwsCli wrong = new AwsCli(mesh.controlPlane().apiPort(), KEY, SECRET + "x");
    assertRejected(wrong.run("cloudwatch", "list-metrics"), "SignatureDoesNotMatch");
    AwsCli unknown = new AwsCli(mesh.controlPlane().apiPort(), "AKIAUNKNOWN00000001", SECRET);
    assertRejected(unknown.run("cloudwatch", "list-metrics"), "InvalidClientTokenId");
  }

  @Test
  void aStaleOrMissingSignatureIsRejected() throws Exception {
    String before = state();
    HttpResponse<String> stale = signedCall(Instant.now().minusSeconds(20 * 60));
    assertEquals(400, stale.statusCode());
    assertTrue(stale.body().contains("\"__type\":\"InvalidSignatureException\""), stale.body());
    assertTrue(stale.body().contains("Signature expired"), stale.body());
    assertEquals("InvalidSignatureException", stale.headers().firstValue("X-Amzn-ErrorType").orElse(""));
    assertEquals(200, signedCall(Instant.now().minusSeconds(10 * 60)).statusCode(), "10 minutes of skew is allowed");
    HttpResponse<String> unsigned = http().send(request("{\"clusterName\":\"unsigned\"}").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, unsigned.statusCode());
    assertTrue(unsigned.body().contains("MissingAuthenticationTokenException"), unsigned.body());
    assertNotEquals(before, state(), "only the call within the allowed skew created a cluster");
    assertTrue(state().contains("skewed") && !state().contains("unsigned") && !state().contains("stale"));
  }

  @Test
  void theJavaSdkV2IsCheckedToo() {
    AwsBasicCredentials right = AwsBasicCredentials.create(KEY, SECRET);
    AwsBasicCredentials wrong = AwsBasicCredentials.create(KEY, "not-the-secret");
    int port = mesh.controlPlane().apiPort();
    try (EcsClient ok = Sdk.ecs(port, right); EcsClient bad = Sdk.ecs(port, wrong)) {
      ok.createCluster(b -> b.clusterName("sdk"));
      EcsException e = assertThrows(EcsException.class, () -> bad.createCluster(b -> b.clusterName("sdk-forged")));
      assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
      assertEquals(400, e.statusCode());
      assertEquals(List.of("sdk"), ok.listClusters().clusterArns().stream()
          .map(a -> a.substring(a.lastIndexOf('/') + 1)).toList());
    }
    // The data- host prefix: the SDK signs host data-localhost:<port>, which is what it sends.
    List<String> resolved = Sdk.names();
    try (ServiceDiscoveryClient ok = Sdk.cloudMapWithHostPrefix(port, resolved, right);
        ServiceDiscoveryClient bad = Sdk.cloudMapWithHostPrefix(port, resolved, wrong)) {
      assertThrows(NamespaceNotFoundException.class,
          () -> ok.discoverInstances(b -> b.namespaceName("none").serviceName("none")), "signature accepted");
      ServiceDiscoveryException e = assertThrows(ServiceDiscoveryException.class,
          () -> bad.discoverInstances(b -> b.namespaceName("none").serviceName("none")));
      assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
    }
    assertTrue(resolved.contains("data-localhost"), "the SDK used the data- host prefix: " + resolved);
  }

  @Test
  void theSidecarCredentialEndpointWantsASignedCallToo() throws UsageException {
    NodeIdentity task = new NodeIdentity("us-east-1", ACCOUNT, "c1", "a", "t1", "loopback", "127.1.4.1", "127.2.4.1",
        "4.1", null);
    String endpoint = "http://127.0.0.1:" + mesh.controlPlane().apiPort();
    CredentialSource.Issued issued = new CredentialClient(KEY, SECRET, "us-east-1").fetch(endpoint, task);
    assertTrue(issued.credential().startsWith("wharf1."), issued.credential());
    UsageException wrong = assertThrows(UsageException.class,
        () -> new CredentialClient(KEY, "wrong", "us-east-1").fetch(endpoint, task));
    assertTrue(wrong.getMessage().contains("InvalidSignatureException"), wrong.getMessage());
    UsageException unsigned = assertThrows(UsageException.class,
        () -> new CredentialClient(null, null, null).fetch(endpoint, task));
    assertTrue(unsigned.getMessage().contains("MissingAuthenticationTokenException"), unsigned.getMessage());
  }

  @Test
  void adminReadsOfConfigurationWantASignatureButHealthDoesNot() throws Exception {
    URI base = URI.create("http://127.0.0.1:" + mesh.controlPlane().apiPort());
    for (String path : List.of("/wharf/proxies", "/wharf/groups/x", "/wharf/metrics")) {
      HttpResponse<String> r = http().send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(400, r.statusCode(), path);
      assertTrue(r.body().contains("MissingAuthenticationTokenException"), path + ": " + r.body());
    }
    HttpResponse<String> health = http().send(HttpRequest.newBuilder(base.resolve("/wharf/health")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode(), health.body());
  }

  private static void assertRejected(AwsCli.Result r, String code) {
    assertNotEquals(0, r.exit(), "the call must fail: " + r.stdout());
    assertTrue(r.stderr().contains("(" + code + ")"), "expected " + code + ", got: " + r.stderr());
  }

  /** Clusters and namespaces, as the right key sees them. */
  private String state() {
    return good.ok("ecs", "list-clusters").toString() + good.ok("servicediscovery", "list-namespaces");
  }

  /** CreateCluster signed with the right key at {@code at}, with Wharf's own signer (the CLI signs "now"). */
  private HttpResponse<String> signedCall(Instant at) throws Exception {
    String name = at.isBefore(Instant.now().minusSeconds(15 * 60)) ? "stale" : "skewed";
    byte[] body = ("{\"clusterName\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
    String amzDate = SigV4.amzDate(at);
    Map<String, String> h = new TreeMap<>();
    h.put("content-type", "application/x-amz-json-1.1");
    h.put("host", "127.0.0.1:" + mesh.controlPlane().apiPort());
    h.put("x-amz-date", amzDate);
    h.put("x-amz-target", "AmazonEC2ContainerServiceV20141113.CreateCluster");
    String auth = SigV4.sign(new SigV4.Request("POST", "/", null, h, body), KEY, SECRET, amzDate, "us-east-1", "ecs");
    HttpRequest req = request(new String(body, StandardCharsets.UTF_8)).header("X-Amz-Date", amzDate)
        .header("Authorization", auth).build();
    return http().send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  private HttpRequest.Builder request(String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mesh.controlPlane().apiPort() + "/"))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.CreateCluster")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }
}
