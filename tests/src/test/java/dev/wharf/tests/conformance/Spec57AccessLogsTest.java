package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.controlplane.local.AwsApiClient;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Sc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec 57: {@code accessLogConfiguration} TEXT (AWS's documented format) and JSON, on the sidecar's
 * stdout; the query string is logged only when {@code includeQueryParameters} is ENABLED (default
 * DISABLED); the API wants {@code logConfiguration} alongside. Three clients, one per combination,
 * call payments, whose own sidecar logs JSON without query strings on its ingress.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Spec57AccessLogsTest {
  private Mesh mesh;
  private Mesh.Task textEnabled;
  private Mesh.Task textDefault;
  private Mesh.Task jsonEnabled;
  private Mesh.Task payments;

  @BeforeAll
  void start() {
    mesh = Mesh.start();
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("payments", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "payments", "payments", 1,
        Sc.accessLogs(Sc.server("prod", Sc.port("api", "payments", "payments", 80)), "JSON", "DISABLED"));
    mesh.service("shop", "text-enabled", "checkout", 1, Sc.accessLogs(Sc.client("prod"), "TEXT", "ENABLED"));
    mesh.service("shop", "text-default", "checkout", 1, Sc.accessLogs(Sc.client("prod"), "TEXT", null));
    mesh.service("shop", "json-enabled", "checkout", 1, Sc.accessLogs(Sc.client("prod"), "JSON", "ENABLED"));
    textEnabled = mesh.task("shop", "text-enabled", 65, 1, 0);
    textDefault = mesh.task("shop", "text-default", 65, 2, 0);
    jsonEnabled = mesh.task("shop", "json-enabled", 65, 3, 0);
    payments = mesh.task("shop", "payments", 65, 11, 8080);
    for (Mesh.Task c : List.of(textEnabled, textDefault, jsonEnabled)) {
      Await.until(Duration.ofSeconds(10), "the client maps payments and has its task",
          () -> c.resolve("payments") != null && EnvoyAdmin.hosts(c, "payments") == 1);
      String path = "/" + c.local().spec().service() + "?card=4111&x=1";
      assertEquals(200, Http.get("http://" + c.resolve("payments") + ":80" + path).status());
    }
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  private static String log(Mesh.Task t) {
    try {
      return Files.readString(t.local().sidecar().logFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first log line containing {@code marker}, waiting for Envoy to flush its access log. */
  private static String line(Mesh.Task t, String marker) {
    String[] found = new String[1];
    String what = "an access log line with " + marker + " on " + t.local().spec().service();
    Await.until(Duration.ofSeconds(15), what, () -> {
      found[0] = log(t).lines().filter(l -> l.contains(marker)).findFirst().orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  private static final Pattern TEXT = Pattern.compile(
      "^\\[\\d{4}-\\d\\d-\\d\\dT[^\\]]+\\] \"GET (\\S+) HTTP/1\\.1\" 200 \\S+ \\d+ \\d+ \\d+ \\d+ \"-\" \"[^\"]*\" .*");

  @Test
  void textWithQueryParametersEnabledLogsThePathWithItsQuery() {
    String l = line(textEnabled, "/text-enabled");
    System.out.println("spec 57: TEXT, ENABLED: " + l);
    var m = TEXT.matcher(l);
    assertTrue(m.matches(), "not AWS's TEXT format: " + l);
    assertEquals("/text-enabled?card=4111&x=1", m.group(1));
  }

  @Test
  void textByDefaultLogsThePathWithoutItsQuery() {
    String l = line(textDefault, "/text-default");
    System.out.println("spec 57: TEXT, default (DISABLED): " + l);
    var m = TEXT.matcher(l);
    assertTrue(m.matches(), "not AWS's TEXT format: " + l);
    assertEquals("/text-default", m.group(1));
    assertTrue(!log(textDefault).contains("card=4111"), "the query string was logged");
  }

  @Test
  void jsonWithQueryParametersEnabledLogsOneJsonObjectWithThePathAndQuery() throws Exception {
    String l = line(jsonEnabled, "/json-enabled");
    System.out.println("spec 57: JSON, ENABLED: " + l);
    JsonNode j = Mesh.JSON.readTree(l);
    assertEquals("/json-enabled?card=4111&x=1", j.path("path").asText());
    assertEquals("GET", j.path("method").asText());
    assertEquals("200", j.path("response_code").asText());
    assertEquals("HTTP/1.1", j.path("protocol").asText());
    assertTrue(j.path("upstream_host").asText().startsWith(payments.local().spec().ingressIp()), l);
  }

  @Test
  void jsonDisabledOnTheServerSideLogsEveryRequestWithoutItsQuery() throws Exception {
    for (String client : List.of("text-enabled", "text-default", "json-enabled")) {
      JsonNode j = Mesh.JSON.readTree(line(payments, "/" + client));
      assertEquals("/" + client, j.path("path").asText(), j.toString());
      assertEquals("200", j.path("response_code").asText());
    }
    assertTrue(!log(payments).contains("card=4111"), "the server logged a query string");
  }

  @Test
  void theApiWantsLogConfigurationWithAccessLogs() {
    Map<String, Object> config = Sc.client("prod");
    config.put("accessLogConfiguration", Map.of("format", "TEXT"));
    AwsApiClient.Reply r = mesh.callRaw("ecs", "CreateService", Map.of("cluster", "shop",
        "serviceName", "no-log-config", "taskDefinition", "checkout", "desiredCount", 1,
        "serviceConnectConfiguration", config));
    System.out.println("spec 57: accessLogConfiguration without logConfiguration: " + r.status() + " " + r.body());
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("InvalidParameterException"), r.body());
  }
}
