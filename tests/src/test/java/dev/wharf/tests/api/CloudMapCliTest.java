package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.AwsCli;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every Cloud Map operation Wharf serves through the real AWS CLI ({@code aws servicediscovery ...}),
 * asserting the members AWS returns (shapes from the botocore model, spec 3.3).
 */
class CloudMapCliTest {
  private static final String NS_ID = "ns-[a-z0-9]{16}";
  private static final String SRV_ID = "srv-[a-z0-9]{16}";
  private static final String OP_ID = "[a-z0-9]{32}-[a-z0-9]{8}";

  private Mesh mesh;
  private AwsCli aws;

  @BeforeEach
  void start() {
    mesh = Mesh.start();
    aws = new AwsCli(mesh.controlPlane().apiPort());
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void namespacesServicesInstancesOperationsAndTagsThroughTheCli() {
    // ---- CreateHttpNamespace, GetOperation, ListOperations ----
    String opId = aws.ok("servicediscovery", "create-http-namespace", "--name", "cm-cli", "--description", "cli ns",
        "--tags", "Key=team,Value=core").path("OperationId").asText();
    assertTrue(opId.matches(OP_ID), opId);
    JsonNode op = aws.ok("servicediscovery", "get-operation", "--operation-id", opId).path("Operation");
    assertEquals(opId, op.path("Id").asText());
    assertEquals("CREATE_NAMESPACE", op.path("Type").asText());
    assertTrue(Set.of("SUBMITTED", "PENDING", "SUCCESS").contains(op.path("Status").asText()), op.toString());
    assertTrue(op.path("CreateDate").isNumber() && op.path("UpdateDate").isNumber(), op.toString());
    String nsId = op.at("/Targets/NAMESPACE").asText();
    assertTrue(nsId.matches(NS_ID), op.toString());
    Cli.awaitOperation(aws, opId);

    // ---- GetNamespace, ListNamespaces (filters TYPE, NAME, HTTP_NAME; CLI pagination) ----
    JsonNode ns = aws.ok("servicediscovery", "get-namespace", "--id", nsId).path("Namespace");
    assertEquals(nsId, ns.path("Id").asText());
    assertEquals("arn:aws:servicediscovery:us-east-1:000000000000:namespace/" + nsId, ns.path("Arn").asText());
    assertEquals("cm-cli", ns.path("Name").asText());
    assertEquals("HTTP", ns.path("Type").asText());
    assertEquals("cli ns", ns.path("Description").asText());
    assertEquals(0, ns.path("ServiceCount").asInt(-1));
    assertEquals("cm-cli", ns.at("/Properties/HttpProperties/HttpName").asText());
    assertTrue(ns.path("CreateDate").isNumber(), ns.toString());
    assertEquals("000000000000", ns.path("ResourceOwner").asText());
    // The same namespace by ARN (Id accepts an id or an ARN).
    assertEquals(nsId, aws.ok("servicediscovery", "get-namespace", "--id", ns.path("Arn").asText())
        .at("/Namespace/Id").asText());

    Cli.awaitOperation(aws, aws.ok("servicediscovery", "create-http-namespace", "--name", "cm-other")
        .path("OperationId").asText());
    assertEquals(List.of("cm-cli"), names(aws.ok("servicediscovery", "list-namespaces", "--filters",
        "[{\"Name\":\"NAME\",\"Values\":[\"cm-cli\"],\"Condition\":\"EQ\"}]")));
    assertEquals(List.of("cm-other"), names(aws.ok("servicediscovery", "list-namespaces", "--filters",
        "[{\"Name\":\"HTTP_NAME\",\"Values\":[\"cm-other\"],\"Condition\":\"EQ\"}]")));
    assertEquals(Set.of("cm-cli", "cm-other"), new HashSet<>(names(aws.ok("servicediscovery", "list-namespaces",
        "--filters", "[{\"Name\":\"TYPE\",\"Values\":[\"HTTP\"],\"Condition\":\"EQ\"}]"))));
    assertEquals(List.of(), names(aws.ok("servicediscovery", "list-namespaces", "--filters",
        "[{\"Name\":\"TYPE\",\"Values\":[\"DNS_PRIVATE\"],\"Condition\":\"EQ\"}]")));
    // --page-size 1 makes the CLI send MaxResults=1 and follow NextToken.
    assertEquals(Set.of("cm-cli", "cm-other"),
        new HashSet<>(names(aws.ok("servicediscovery", "list-namespaces", "--page-size", "1"))));
    Cli.fails(aws, "NamespaceAlreadyExists", "servicediscovery", "create-http-namespace", "--name", "cm-cli");

    // ---- CreateService, GetService, ListServices (filter NAMESPACE_ID) ----
    JsonNode srv = aws.ok("servicediscovery", "create-service", "--name", "api", "--namespace-id", nsId,
        "--description", "api srv", "--health-check-custom-config", "FailureThreshold=1").path("Service");
    String srvId = srv.path("Id").asText();
    assertTrue(srvId.matches(SRV_ID), srv.toString());
    assertEquals("arn:aws:servicediscovery:us-east-1:000000000000:service/" + srvId, srv.path("Arn").asText());
    assertEquals("api", srv.path("Name").asText());
    assertEquals(nsId, srv.path("NamespaceId").asText());
    assertEquals("HTTP", srv.path("Type").asText());
    assertEquals(1, srv.at("/HealthCheckCustomConfig/FailureThreshold").asInt());
    assertTrue(srv.path("CreateDate").isNumber(), srv.toString());
    JsonNode got = aws.ok("servicediscovery", "get-service", "--id", srvId).path("Service");
    assertEquals(srv.path("Arn"), got.path("Arn"));
    assertEquals("api srv", got.path("Description").asText());
    assertEquals(0, got.path("InstanceCount").asInt(-1));
    aws.ok("servicediscovery", "create-service", "--name", "web", "--namespace-id", nsId);
    JsonNode listed = aws.ok("servicediscovery", "list-services", "--filters",
        "[{\"Name\":\"NAMESPACE_ID\",\"Values\":[\"" + nsId + "\"],\"Condition\":\"EQ\"}]");
    assertEquals(Set.of("api", "web"), new HashSet<>(names(listed.path("Services"))));
    assertTrue(listed.at("/Services/0/NamespaceId").isMissingNode(), "ServiceSummary has no NamespaceId: " + listed);
    assertTrue(listed.at("/Services/0/Arn").asText().startsWith("arn:aws:servicediscovery:us-east-1:000000000000:service/srv-"));
    Cli.fails(aws, "ServiceAlreadyExists", "servicediscovery", "create-service", "--name", "api", "--namespace-id", nsId);
    assertEquals(2, aws.ok("servicediscovery", "get-namespace", "--id", nsId).at("/Namespace/ServiceCount").asInt());

    // ---- RegisterInstance, GetInstance, ListInstances ----
    String reg1 = aws.ok("servicediscovery", "register-instance", "--service-id", srvId, "--instance-id", "i-1",
        "--attributes", "AWS_INSTANCE_IPV4=10.0.0.1,AWS_INSTANCE_PORT=8080,stage=blue,zone=a").path("OperationId").asText();
    String reg2 = aws.ok("servicediscovery", "register-instance", "--service-id", srvId, "--instance-id", "i-2",
        "--creator-request-id", "req-2", "--attributes",
        "AWS_INSTANCE_IPV4=10.0.0.2,AWS_INSTANCE_PORT=8080,stage=green,AWS_INIT_HEALTH_STATUS=UNHEALTHY")
        .path("OperationId").asText();
    Cli.awaitOperation(aws, reg1);
    Cli.awaitOperation(aws, reg2);
    JsonNode regOp = aws.ok("servicediscovery", "get-operation", "--operation-id", reg2).path("Operation");
    assertEquals("REGISTER_INSTANCE", regOp.path("Type").asText());
    assertEquals(srvId, regOp.at("/Targets/SERVICE").asText(), regOp.toString());
    assertEquals("i-2", regOp.at("/Targets/INSTANCE").asText(), regOp.toString());
    JsonNode inst = aws.ok("servicediscovery", "get-instance", "--service-id", srvId, "--instance-id", "i-2");
    assertEquals("000000000000", inst.path("ResourceOwner").asText());
    assertEquals("i-2", inst.at("/Instance/Id").asText());
    assertEquals("req-2", inst.at("/Instance/CreatorRequestId").asText());
    assertEquals("10.0.0.2", inst.at("/Instance/Attributes/AWS_INSTANCE_IPV4").asText());
    assertEquals("000000000000", inst.at("/Instance/CreatedByAccount").asText());
    JsonNode instances = aws.ok("servicediscovery", "list-instances", "--service-id", srvId);
    assertEquals(Set.of("i-1", "i-2"), ids(instances.path("Instances")));
    assertEquals("8080", instances.at("/Instances/0/Attributes/AWS_INSTANCE_PORT").asText());
    assertEquals(2, aws.ok("servicediscovery", "get-service", "--id", srvId).at("/Service/InstanceCount").asInt());

    // ---- DiscoverInstances (HealthStatus, QueryParameters, OptionalParameters, MaxResults), revision ----
    JsonNode all = aws.ok("servicediscovery", "discover-instances", "--namespace-name", "cm-cli",
        "--service-name", "api", "--health-status", "ALL");
    assertEquals(Set.of("i-1", "i-2"), instanceIds(all));
    long revision = all.path("InstancesRevision").asLong();
    assertTrue(revision > 0, all.toString());
    JsonNode healthy = aws.ok("servicediscovery", "discover-instances", "--namespace-name", "cm-cli",
        "--service-name", "api", "--health-status", "HEALTHY");
    assertEquals(Set.of("i-1"), instanceIds(healthy));
    JsonNode h0 = healthy.at("/Instances/0");
    assertEquals("cm-cli", h0.path("NamespaceName").asText());
    assertEquals("api", h0.path("ServiceName").asText());
    assertEquals("HEALTHY", h0.path("HealthStatus").asText());
    assertEquals("blue", h0.at("/Attributes/stage").asText());
    assertEquals(Set.of("i-2"), instanceIds(aws.ok("servicediscovery", "discover-instances", "--namespace-name",
        "cm-cli", "--service-name", "api", "--health-status", "UNHEALTHY")));
    assertEquals(Set.of("i-2"), instanceIds(aws.ok("servicediscovery", "discover-instances", "--namespace-name",
        "cm-cli", "--service-name", "api", "--health-status", "ALL", "--query-parameters", "stage=green")));
    // OptionalParameters narrow the result when something matches, and are dropped when nothing does.
    assertEquals(Set.of("i-1"), instanceIds(aws.ok("servicediscovery", "discover-instances", "--namespace-name",
        "cm-cli", "--service-name", "api", "--health-status", "ALL", "--optional-parameters", "zone=a")));
    assertEquals(Set.of("i-1", "i-2"), instanceIds(aws.ok("servicediscovery", "discover-instances",
        "--namespace-name", "cm-cli", "--service-name", "api", "--health-status", "ALL",
        "--optional-parameters", "zone=nowhere")));
    assertEquals(1, aws.ok("servicediscovery", "discover-instances", "--namespace-name", "cm-cli",
        "--service-name", "api", "--health-status", "ALL", "--max-results", "1").path("Instances").size());
    assertEquals(revision, aws.ok("servicediscovery", "discover-instances-revision", "--namespace-name", "cm-cli",
        "--service-name", "api").path("InstancesRevision").asLong());
    Cli.fails(aws, "NamespaceNotFound", "servicediscovery", "discover-instances", "--namespace-name", "nope",
        "--service-name", "api");

    // ---- GetInstancesHealthStatus, UpdateInstanceCustomHealthStatus ----
    JsonNode health = aws.ok("servicediscovery", "get-instances-health-status", "--service-id", srvId);
    assertEquals("HEALTHY", health.at("/Status/i-1").asText());
    assertEquals("UNHEALTHY", health.at("/Status/i-2").asText());
    aws.ok("servicediscovery", "update-instance-custom-health-status", "--service-id", srvId, "--instance-id", "i-2",
        "--status", "HEALTHY");
    assertEquals("HEALTHY", aws.ok("servicediscovery", "get-instances-health-status", "--service-id", srvId,
        "--instances", "i-2").at("/Status/i-2").asText());
    assertEquals(revision, aws.ok("servicediscovery", "discover-instances-revision", "--namespace-name", "cm-cli",
        "--service-name", "api").path("InstancesRevision").asLong(), "a health change is not a new revision");

    // ---- ListOperations (filters) ----
    JsonNode ops = aws.ok("servicediscovery", "list-operations", "--filters",
        "[{\"Name\":\"SERVICE_ID\",\"Values\":[\"" + srvId + "\"],\"Condition\":\"EQ\"},"
            + "{\"Name\":\"TYPE\",\"Values\":[\"REGISTER_INSTANCE\"],\"Condition\":\"EQ\"}]");
    assertEquals(Set.of(reg1, reg2), ids(ops.path("Operations")));
    assertEquals("SUCCESS", ops.at("/Operations/0/Status").asText());
    assertTrue(ids(aws.ok("servicediscovery", "list-operations", "--filters",
        "[{\"Name\":\"STATUS\",\"Values\":[\"SUCCESS\"],\"Condition\":\"EQ\"}]").path("Operations")).contains(opId));

    // ---- TagResource, UntagResource, ListTagsForResource ----
    String nsArn = ns.path("Arn").asText();
    aws.ok("servicediscovery", "tag-resource", "--resource-arn", nsArn, "--tags", "Key=env,Value=prod", "Key=tier,Value=1");
    assertEquals(Map.of("team", "core", "env", "prod", "tier", "1"), tags(aws.ok("servicediscovery",
        "list-tags-for-resource", "--resource-arn", nsArn)));
    aws.ok("servicediscovery", "untag-resource", "--resource-arn", nsArn, "--tag-keys", "tier", "team");
    assertEquals(Map.of("env", "prod"), tags(aws.ok("servicediscovery", "list-tags-for-resource", "--resource-arn", nsArn)));
    aws.ok("servicediscovery", "tag-resource", "--resource-arn", srv.path("Arn").asText(), "--tags", "Key=a,Value=b");
    assertEquals(Map.of("a", "b"), tags(aws.ok("servicediscovery", "list-tags-for-resource", "--resource-arn",
        srv.path("Arn").asText())));
    Cli.fails(aws, "ResourceNotFoundException", "servicediscovery", "list-tags-for-resource", "--resource-arn",
        "arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-aaaaaaaaaaaaaaaa");

    // ---- DeregisterInstance, DeleteService, DeleteNamespace (ResourceInUse while in use) ----
    Cli.fails(aws, "ResourceInUse", "servicediscovery", "delete-namespace", "--id", nsId);
    Cli.fails(aws, "ResourceInUse", "servicediscovery", "delete-service", "--id", srvId);
    String dereg = aws.ok("servicediscovery", "deregister-instance", "--service-id", srvId, "--instance-id", "i-1")
        .path("OperationId").asText();
    assertTrue(dereg.matches(OP_ID), dereg);
    Cli.awaitOperation(aws, dereg);
    assertEquals("DEREGISTER_INSTANCE", aws.ok("servicediscovery", "get-operation", "--operation-id", dereg)
        .at("/Operation/Type").asText());
    assertNotEquals(revision, aws.ok("servicediscovery", "discover-instances-revision", "--namespace-name", "cm-cli",
        "--service-name", "api").path("InstancesRevision").asLong());
    Cli.fails(aws, "InstanceNotFound", "servicediscovery", "get-instance", "--service-id", srvId, "--instance-id", "i-1");
    Cli.awaitOperation(aws, aws.ok("servicediscovery", "deregister-instance", "--service-id", srvId,
        "--instance-id", "i-2").path("OperationId").asText());
    assertTrue(aws.ok("servicediscovery", "delete-service", "--id", srvId).isEmpty());
    aws.ok("servicediscovery", "delete-service", "--id", aws.ok("servicediscovery", "list-services").at("/Services/0/Id").asText());
    Cli.fails(aws, "ServiceNotFound", "servicediscovery", "get-service", "--id", srvId);
    String del = aws.ok("servicediscovery", "delete-namespace", "--id", nsId).path("OperationId").asText();
    Cli.awaitOperation(aws, del);
    assertEquals("DELETE_NAMESPACE", aws.ok("servicediscovery", "get-operation", "--operation-id", del)
        .at("/Operation/Type").asText());
    Cli.Failure gone = Cli.fails(aws, "NamespaceNotFound", "servicediscovery", "get-namespace", "--id", nsId);
    assertFalse(gone.message().isBlank(), gone.toString());
    Cli.fails(aws, "OperationNotFound", "servicediscovery", "get-operation", "--operation-id", "nope");
  }

  /**
   * DiscoverInstances has the endpoint host prefix {@code data-}: without
   * {@code AWS_DISABLE_HOST_PREFIX_INJECTION} the CLI sends it to {@code data-<host>}. When
   * {@code data-localhost} resolves, the CLI works unchanged against {@code http://localhost:<port>}
   * (Wharf answers whatever the Host header says). Where it does not resolve (no /etc/hosts entry),
   * the test proves both halves instead: the CLI really goes to {@code data-localhost}, and Wharf answers
   * a request whose Host is {@code data-localhost}; the real CLI then runs without the switch with
   * Python's resolver mapping {@code data-localhost} to 127.0.0.1 (as the /etc/hosts line would).
   */
  @Test
  void discoverInstancesWorksWithTheDataHostPrefixWhenDataLocalhostResolves() throws Exception {
    mesh.call("servicediscovery", "CreateHttpNamespace", Map.of("Name", "prefix-ns"));
    String nsId = null;
    for (JsonNode n : mesh.call("servicediscovery", "ListNamespaces", Map.of()).path("Namespaces")) {
      if (n.path("Name").asText().equals("prefix-ns")) {
        nsId = n.path("Id").asText();
      }
    }
    String srvId = mesh.call("servicediscovery", "CreateService", Map.of("Name", "echo", "NamespaceId", nsId))
        .at("/Service/Id").asText();
    mesh.registerInstance(srvId, "i-9", "10.9.9.9", 9000);
    int port = mesh.controlPlane().apiPort();
    String[] discover = {"servicediscovery", "discover-instances", "--namespace-name", "prefix-ns",
        "--service-name", "echo", "--endpoint-url", "http://localhost:" + port, "--output", "json"};

    boolean resolves;
    try {
      resolves = InetAddress.getByName("data-localhost").isLoopbackAddress();
    } catch (UnknownHostException e) {
      resolves = false;
    }
    if (resolves) {
      Run r = runCliWithoutSwitch(null, discover);
      assertEquals(0, r.exit, r.err);
      assertTrue(r.out.contains("\"i-9\""), r.out);
      return;
    }
    // 1. Without the switch the CLI really prefixes the host: it tries data-localhost and cannot connect.
    Run prefixed = runCliWithoutSwitch(null, discover);
    assertNotEquals(0, prefixed.exit);
    assertTrue(prefixed.err.contains("http://data-localhost:" + port), prefixed.err);
    // 2. Wharf answers a request whose Host header is data-localhost.
    String reply = rawPost(port, "data-localhost:" + port, "Route53AutoNaming_v20170314.DiscoverInstances",
        "{\"NamespaceName\":\"prefix-ns\",\"ServiceName\":\"echo\"}");
    assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
    assertTrue(reply.contains("\"InstanceId\":\"i-9\""), reply);
    // 3. The real CLI, without the switch, with data-localhost mapped to 127.0.0.1 as /etc/hosts would.
    Path shim = Files.createTempDirectory("wharf-data-localhost-");
    Files.writeString(shim.resolve("sitecustomize.py"), String.join("\n",
        "import socket",
        "_real = socket.getaddrinfo",
        "def _getaddrinfo(host, *args, **kwargs):",
        "    return _real('127.0.0.1' if host == 'data-localhost' else host, *args, **kwargs)",
        "socket.getaddrinfo = _getaddrinfo", ""));
    Run mapped = runCliWithoutSwitch(shim, discover);
    assertEquals(0, mapped.exit, mapped.err);
    assertTrue(mapped.out.contains("\"i-9\""), mapped.out);
  }

  private record Run(int exit, String out, String err) {}

  private static Run runCliWithoutSwitch(Path pythonPath, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Repo.awsCli().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.remove("AWS_DISABLE_HOST_PREFIX_INJECTION");
    env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "secret");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_MAX_ATTEMPTS", "1");
    env.put("AWS_RETRY_MODE", "standard");
    if (pythonPath != null) {
      env.put("PYTHONPATH", pythonPath.toString());
    }
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  /** One HTTP/1.1 POST to 127.0.0.1 with the given Host header; returns the whole response. */
  static String rawPost(int port, String host, String target, String body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write(("POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/x-amz-json-1.1\r\n"
          + "X-Amz-Target: " + target + "\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(b);
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> names(JsonNode listOrReply) {
    JsonNode list = listOrReply.has("Namespaces") ? listOrReply.path("Namespaces") : listOrReply;
    List<String> names = new ArrayList<>();
    list.forEach(n -> names.add(n.path("Name").asText()));
    return names;
  }

  private static Set<String> ids(JsonNode list) {
    Set<String> ids = new HashSet<>();
    list.forEach(n -> ids.add(n.path("Id").asText()));
    return ids;
  }

  private static Set<String> instanceIds(JsonNode discovered) {
    Set<String> ids = new HashSet<>();
    discovered.path("Instances").forEach(n -> ids.add(n.path("InstanceId").asText()));
    return ids;
  }

  private static Map<String, String> tags(JsonNode reply) {
    Map<String, String> tags = new java.util.HashMap<>();
    reply.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
    return tags;
  }
}
