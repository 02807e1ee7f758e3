package dev.wharf.tests.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.tests.harness.Repo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The checkout example in Docker: brought up by running exactly the README's "With docker
 * compose" commands (the fenced blocks after {@code <!-- compose-test:... -->} markers), with the
 * locally built images ({@code .wharf/docker/images.env}) and the AWS API published on a free port
 * ({@code WHARF_API_BIND}). Stock Envoy 1.36.4 sidecars in the awsvpc layout; all traffic is real,
 * between containers on the compose network; the client is a curl loop inside checkout's task
 * ({@link CurlLoad}). Runs in order on one stack; the README's "down" block removes it.
 *
 * <p>Uses the fixed project name {@code checkout} and {@code /tmp/checkout.yml} of the README: a
 * stack of that name left running is replaced.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackTest {
  private static final ComposeProject P = new ComposeProject("checkout");
  private static final Map<String, String> ENV = Map.of("WHARF_API_BIND", "127.0.0.1:");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PAYMENTS = List.of("payments-1", "payments-2", "payments-3");
  private static String api;
  private static final Map<String, String> taskIdOf = new TreeMap<>();
  private static final Map<String, String> ipOf = new TreeMap<>();
  private static final StringBuilder measured = new StringBuilder();

  @BeforeAll
  static void up() throws Exception {
    DockerSetup.ensure();
    ComposeProject.shell(readmeBlock("down"), ENV); // a stack left from an earlier run
    long t0 = System.nanoTime();
    ComposeProject.Result r = ComposeProject.shell(readmeBlock("up"), ENV);
    assertEquals(0, r.exit(), "the README's compose commands failed:\n" + r.output());
    note("README up commands (images, compose, up -d): %.1f s", (System.nanoTime() - t0) / 1e9);
    refreshApi();
    for (String t : List.of("ledger-1", "ledger-2", "payments-1", "payments-2", "payments-3", "checkout-1")) {
      var c = ComposeProject.docker().inspectContainerCmd(P.container(t)).exec();
      taskIdOf.put(t, c.getConfig().getLabels().get("dev.wharf.task"));
      ipOf.put(t, c.getNetworkSettings().getNetworks().get(P.network()).getIpAddress());
    }
    awaitPaymentsEndpoints(3, 120);
    note("stack up to 3 payments endpoints in checkout's Envoy: %.1f s", (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void down() {
    ComposeProject.Result r = ComposeProject.shell(readmeBlock("down"), ENV);
    System.out.print("[compose] measured:\n" + measured + "[compose] down: exit " + r.exit() + "\n");
  }

  @Test
  @Order(1)
  void readmeStackServesCallsByShortName() throws Exception {
    // the demo client in checkout's task calls http://payments:8080/ every second (examples/checkout)
    String logs = "";
    // Wait for a whole chain (checkout -> payments -> ledger): the first answer may come before
    // ledger's app listens, as tasks of a compose stack start in any order.
    for (int i = 0; i < 60 && !(logs.contains("200 in") && logs.contains("-> ledger[")); i++) {
      Thread.sleep(500);
      logs = ComposeProject.shell(readmeBlock("logs"), ENV).output();
    }
    assertTrue(logs.contains("-> http://payments:8080/  200 in"), logs);
    assertTrue(logs.contains("-> ledger["), "payments calls ledger by short name too:\n" + logs);
    // the aliases in the task's /etc/hosts are the server's (spec 25: 127.255.0.0/16)
    String hosts = P.exec("checkout-1-app", "cat", "/etc/hosts").output();
    String served = get("/wharf/hosts/" + taskIdOf.get("checkout-1"));
    for (String line : served.lines().filter(l -> l.startsWith("127.255.")).toList()) {
      assertTrue(hosts.contains(line), "hosts file has " + line + ":\n" + hosts);
    }
    assertTrue(hosts.contains("127.255.0.2 payments") || hosts.contains("127.255.0.1 payments"), hosts);
  }

  @Test
  @Order(2)
  void callsByShortNameSpreadRoundRobin() throws Exception {
    ComposeProject.Result r = P.exec("checkout-1-app", "sh", "-c",
        "for i in $(seq 300); do curl -s -m 5 -w ' %{http_code}\\n' http://payments:8080/; done");
    Map<String, Integer> perTask = new TreeMap<>();
    int errors = 0;
    Pattern task = Pattern.compile("\"task\":\"([0-9a-f]+)\".* 200$");
    for (String line : r.output().lines().toList()) {
      Matcher m = task.matcher(line);
      if (m.find()) {
        perTask.merge(nameOf(m.group(1)), 1, Integer::sum);
      } else {
        errors++;
      }
    }
    note("round robin, 300 calls by short name: %s, %d errors", perTask, errors);
    assertEquals(0, errors, r.output());
    assertEquals(PAYMENTS, List.copyOf(perTask.keySet()));
    // spec 35: round robin; checkout's own demo loop (1/s) interleaves a few calls
    perTask.values().forEach(n -> assertTrue(Math.abs(n - 100) <= 15, "per task " + perTask));
  }

  @Test
  @Order(3)
  void clientOutsideTheTasksCannotReachTheAliases() {
    // A container of Testcontainers' own on the same compose network, in no task: aliases exist only
    // in a task's /etc/hosts and on its Envoy's loopback VIPs (spec 25, 27).
    try (GenericContainer<?> outsider = new GenericContainer<>(DockerImageName.parse("wharf/wharf:latest"))
        .withNetworkMode(P.network())
        .withCreateContainerCmdModifier(c -> c.withEntrypoint("sleep", "300"))) {
      outsider.start();
      ExecResult resolve = outsider.execInContainer("getent", "hosts", "payments");
      ExecResult vip = outsider.execInContainer("curl", "-s", "-m", "2", "-o", "/dev/null", "-w", "%{http_code}",
          "http://127.255.0.2:8080/");
      note("outside the tasks: getent hosts payments exit %d; curl 127.255.0.2:8080 exit %d (%s)",
          resolve.getExitCode(), vip.getExitCode(), vip.getStdout());
      assertNotEquals(0, resolve.getExitCode(), resolve.getStdout());
      assertNotEquals(0, vip.getExitCode(), "no listener on the VIP outside a task");
      // the same calls inside a task succeed
      assertEquals(0, P.exec("checkout-1-app", "getent", "hosts", "payments").exit());
    } catch (IOException e) {
      fail(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(e);
    }
  }

  @Test
  @Order(4)
  void controlPlaneContainerRestartedUnderTrafficFailsNoRequest() throws Exception {
    try (CurlLoad load = CurlLoad.start(P, "checkout-1-app", "http://payments:8080/")) {
      load.awaitAnswers(20, 30);
      long t0 = System.nanoTime();
      ComposeProject.docker().restartContainerCmd(P.container("wharf")).withTimeout(10).exec();
      double restart = (System.nanoTime() - t0) / 1e9;
      awaitHealthy(60);
      double healthy = (System.nanoTime() - t0) / 1e9;
      int before = load.answers().size();
      load.awaitAnswers(before + 60, 60);
      load.close();
      List<CurlLoad.Answer> all = load.answers();
      long failed = all.stream().filter(a -> !a.ok()).count();
      note("control plane restarted under traffic: docker restart %.1f s, API healthy after %.1f s;"
          + " %d calls, %d failed",
          restart, healthy, all.size(), failed);
      assertEquals(0, failed, "failed calls: " + all.stream().filter(a -> !a.ok()).toList());
    }
    awaitPaymentsEndpoints(3, 30); // the sidecars reconnected; nothing was withdrawn
  }

  @Test
  @Order(5)
  void stoppedTaskGetsNothingWithinOneSecondAndComesBackWithinOneSecondOfItsSidecarConnecting() throws Exception {
    try (CurlLoad load = CurlLoad.start(P, "checkout-1-app", "http://payments:8080/")) {
      load.awaitAnswers(20, 30);
      stopPayments2AndCheckItGetsNothing(load);
      startPayments2AndCheckItGetsCalls(load);
    }
  }

  /**
   * Stops payments-2 (sidecar, app, then the namespace container): checkout's Envoy must drop it within
   * 1 s of its sidecar exiting, and no call may reach it or fail.
   */
  private static void stopPayments2AndCheckItGetsNothing(CurlLoad load) throws IOException, InterruptedException {
    String ip = ipOf.get("payments-2");
    String id = taskIdOf.get("payments-2");
    // watch checkout's Envoy from inside its task: the wall time payments-2 leaves its endpoints
    Process watch = P.start("checkout-1-app", "sh", "-c", "echo watching;"
        + " while curl -s 127.0.0.1:9901/clusters | grep -q '^payments::" + ip + ":8080::health_flags'; do :; done;"
        + " date +%s%3N");
    BufferedReader watched = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("watching", watched.readLine());
    Thread.sleep(300);
    long stopAt = System.currentTimeMillis();
    ComposeProject.docker().stopContainerCmd(P.container("payments-2-envoy")).withTimeout(10).exec();
    long exitedAt = Instant.parse(ComposeProject.docker().inspectContainerCmd(P.container("payments-2-envoy"))
        .exec().getState().getFinishedAt()).toEpochMilli();
    ComposeProject.docker().stopContainerCmd(P.container("payments-2-app")).withTimeout(10).exec();
    ComposeProject.docker().stopContainerCmd(P.container("payments-2")).withTimeout(10).exec();
    long goneAt = Long.parseLong(watched.readLine().strip());
    Thread.sleep(2000);
    List<CurlLoad.Answer> after = load.answers().stream().filter(a -> a.atMillis() > stopAt + 1000).toList();
    long toStopped = after.stream().filter(a -> id.equals(a.task())).count();
    long failed = load.answers().stream().filter(a -> !a.ok()).count();
    note("task payments-2 stopped: its Envoy exited %d ms after docker stop began; gone from checkout's Envoy"
        + " %d ms after that exit (%d ms after docker stop); %d calls >1 s after stop, %d to payments-2;"
        + " %d failed of %d",
        exitedAt - stopAt, goneAt - exitedAt, goneAt - stopAt, after.size(), toStopped, failed, load.answers().size());
    assertTrue(goneAt - exitedAt <= 1000, "withdrawn " + (goneAt - exitedAt) + " ms after the sidecar exited");
    assertEquals(0, toStopped);
    assertEquals(0, failed);
  }

  /**
   * Starts payments-2 again: the namespace container (with the aliases it last had) and app first, then the
   * sidecar, which registers the task. Calls must reach it within 1 s of its sidecar ACKing its listeners,
   * and none may fail.
   */
  private static void startPayments2AndCheckItGetsCalls(CurlLoad load) throws IOException, InterruptedException {
    String id = taskIdOf.get("payments-2");
    ComposeProject.docker().startContainerCmd(P.container("payments-2")).exec();
    ComposeProject.docker().startContainerCmd(P.container("payments-2-app")).exec();
    for (int i = 0; i < 200 && !P.exec("payments-2", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
        "127.0.0.1:8080/").output().strip().equals("200"); i++) {
      Thread.sleep(100);
    }
    long envoyStart = System.currentTimeMillis();
    ComposeProject.docker().startContainerCmd(P.container("payments-2-envoy")).exec();
    long[] seen = awaitListenersAcked(id, envoyStart);
    long connectedAt = seen[0];
    long listenersAt = seen[1];
    assertTrue(connectedAt > 0, "payments-2's sidecar did not connect");
    assertTrue(listenersAt > 0, "payments-2's sidecar did not ACK its listeners");
    long firstAnswer = 0;
    while (System.currentTimeMillis() - connectedAt < 10_000 && firstAnswer == 0) {
      firstAnswer = load.answers().stream().filter(a -> a.atMillis() >= envoyStart && id.equals(a.task()))
          .mapToLong(CurlLoad.Answer::atMillis).findFirst().orElse(0);
      Thread.sleep(20);
    }
    long failedAfter = load.answers().stream().filter(a -> !a.ok()).count();
    note("task payments-2 started again: sidecar connected %d ms after docker start and ACKed its listeners"
        + " %d ms later (seen on /wharf/proxies); first call answered %d ms after it connected, %d ms after its"
        + " listeners were ACKed; %d failed", connectedAt - envoyStart, listenersAt - connectedAt,
        firstAnswer - connectedAt, firstAnswer - listenersAt, failedAfter);
    assertTrue(firstAnswer > 0, "payments-2 got no traffic within 10 s of its sidecar connecting");
    // The task registers when its stream opens (DESIGN.md), before its Envoy has bound the ingress
    // listener; calls in between are refused and retried elsewhere. Measured from the sidecar being
    // able to serve (listeners ACKed); the time from the stream opening is printed above.
    assertTrue(firstAnswer - listenersAt <= 1000, "first traffic " + (firstAnswer - listenersAt)
        + " ms after the sidecar ACKed its listeners");
    assertEquals(0, failedAfter);
  }

  /**
   * Polls {@code /wharf/proxies} for up to 30 s from {@code since} until the sidecar of task {@code id} has
   * ACKed a Listener response: the wall times it was first seen connected and ACKed, 0 for never.
   */
  private static long[] awaitListenersAcked(String id, long since) throws IOException, InterruptedException {
    long connectedAt = 0;
    long listenersAt = 0;
    while (System.currentTimeMillis() - since < 30_000 && listenersAt == 0) {
      for (var stream : JSON.readTree(get("/wharf/proxies")).path("streams")) {
        if (stream.path("nodeId").asText().endsWith("/" + id)) {
          connectedAt = connectedAt == 0 ? System.currentTimeMillis() : connectedAt;
          if (stream.path("types").path("Listener").path("acks").asInt() > 0) {
            listenersAt = System.currentTimeMillis();
          }
        }
      }
      Thread.sleep(20);
    }
    return new long[] {connectedAt, listenersAt};
  }

  @Test
  @Order(6)
  void replicaAnswering503GivesNoClientErrorAndIsEjected() throws Exception {
    Path override = Files.createTempFile("wharf-503-", ".yml");
    Files.writeString(override,
        "version: \"2.4\"\nservices:\n  payments-3-app:\n    environment:\n      FAILURE_RATE: \"1\"\n");
    String compose = "docker-compose -p checkout --env-file .wharf/docker/images.env -f /tmp/checkout.yml";
    try {
      ComposeProject.Result r =
          ComposeProject.shell(compose + " -f " + override + " up -d --no-deps payments-3-app", ENV);
      assertEquals(0, r.exit(), r.output());
      String id = taskIdOf.get("payments-3");
      for (int i = 0;
          i < 200 && P.exec("payments-3", "curl", "-s", "-o", "/dev/null", "127.0.0.1:8080/").exit() != 0; i++) {
        Thread.sleep(100);
      }
      assertEquals("503", P.exec("payments-3", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
          "127.0.0.1:8080/").output().strip());
      try (CurlLoad load = CurlLoad.start(P, "checkout-1-app", "http://payments:8080/")) {
        load.awaitAnswers(150, 60);
        load.close();
        List<CurlLoad.Answer> all = load.answers();
        long failed = all.stream().filter(a -> !a.ok()).count();
        String clusters = P.exec("checkout-1-app", "curl", "-s", "127.0.0.1:9901/clusters").output();
        String stats =
            P.exec("checkout-1-app", "curl", "-s", "127.0.0.1:9901/stats?filter=^cluster.egress~payments.").output();
        String flags = clusters.lines()
            .filter(l -> l.startsWith("payments::" + ipOf.get("payments-3") + ":8080::health_flags"))
            .findFirst().orElse("");
        String ejections = stats.lines().filter(l -> l.contains("outlier_detection.ejections_enforced_total"))
            .findFirst().orElse("");
        String retries = stats.lines()
            .filter(l -> l.endsWith(".upstream_rq_retry") || l.contains(".upstream_rq_retry:"))
            .findFirst().orElse("");
        note("replica payments-3 answering 503: %d calls, %d failed, %d answered by payments-3; %s; %s; %s",
            all.size(), failed, all.stream().filter(a -> id.equals(a.task())).count(), flags, ejections, retries);
        assertEquals(0, failed, "client errors: " + all.stream().filter(a -> !a.ok()).toList());
        assertTrue(flags.contains("failed_outlier_check"), "payments-3 not ejected: " + flags);
        assertTrue(ejections.matches(".*: [1-9]\\d*"), ejections);
      }
    } finally {
      ComposeProject.shell(compose + " up -d --no-deps payments-3-app", ENV);
      Files.deleteIfExists(override);
    }
  }

  @Test
  @Order(7)
  void aliasAddedLaterReachesRunningTasks() throws Exception {
    // Wharf's live aliases (spec 26 improvement): the hosts agent follows /wharf/hosts/<task id>
    String body = "{\"cluster\":\"shop\",\"serviceName\":\"audit\",\"taskDefinition\":\"ledger\",\"desiredCount\":0,"
        + "\"networkConfiguration\":{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-0a1b2c3d4e5f60001\"]}},"
        + "\"serviceConnectConfiguration\":{\"enabled\":true,\"namespace\":\"prod\","
        + "\"services\":[{\"portName\":\"api\","
        + "\"discoveryName\":\"audit\",\"clientAliases\":[{\"port\":7070,\"dnsName\":\"audit\"}]}]}}";
    HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/"))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.CreateService")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, created.statusCode(), created.body());
    long t0 = System.currentTimeMillis();
    String resolved = "";
    while (System.currentTimeMillis() - t0 < 15_000) {
      ComposeProject.Result r = P.exec("checkout-1-app", "getent", "hosts", "audit");
      if (r.exit() == 0) {
        resolved = r.output().strip();
        break;
      }
      Thread.sleep(100);
    }
    long resolvedAfter = System.currentTimeMillis() - t0;
    assertTrue(resolved.startsWith("127.255."), "audit not in checkout's /etc/hosts: " + resolved);
    // its egress listener is live on the VIP: Envoy answers (no endpoints yet: 503), no connection refused
    String code = "";
    for (int i = 0; i < 50 && !code.equals("503"); i++) {
      code = P.exec("checkout-1-app", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://audit:7070/")
          .output().strip();
      Thread.sleep(100);
    }
    note("alias audit added by CreateService: in checkout's /etc/hosts after %d ms (%s); Envoy on it answers %s",
        resolvedAfter, resolved, code);
    assertEquals("503", code);
  }

  private static String nameOf(String taskId) {
    return taskIdOf.entrySet().stream().filter(e -> e.getValue().equals(taskId)).map(Map.Entry::getKey)
        .findFirst().orElse(taskId);
  }

  private static void awaitPaymentsEndpoints(int n, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    String clusters = "";
    while (System.nanoTime() < deadline) {
      clusters = P.exec("checkout-1-app", "curl", "-s", "127.0.0.1:9901/clusters").output();
      long healthy = clusters.lines().filter(l -> l.matches("payments::[0-9.]+:8080::health_flags::healthy")).count();
      if (healthy == n) {
        return;
      }
      Thread.sleep(250);
    }
    fail("checkout's Envoy never had " + n + " healthy payments endpoints:\n" + clusters);
  }

  /** The AWS API's published port (a free one, chosen again when the container restarts). */
  private static void refreshApi() {
    String port = ComposeProject.run(List.of("docker", "port", P.container("wharf"), "7878")).output().strip();
    api = "http://" + port.lines().findFirst().orElse("127.0.0.1:0");
  }

  private static void awaitHealthy(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        refreshApi();
        if (get("/wharf/health").contains("ok")) {
          return;
        }
      } catch (IOException e) {
        // restarting
      }
      Thread.sleep(100);
    }
    fail("the control plane did not come back within " + seconds + " s");
  }

  private static String get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void note(String format, Object... args) {
    String line = "[compose] " + String.format(Locale.ROOT, format, args) + "\n";
    System.out.print(line);
    synchronized (measured) {
      measured.append(line);
    }
  }

  /** The shell block of README.md that follows {@code <!-- compose-test:NAME -->}. */
  static String readmeBlock(String name) {
    try {
      String readme = Files.readString(Repo.root().resolve("README.md"), StandardCharsets.UTF_8);
      int marker = readme.indexOf("<!-- compose-test:" + name + " -->");
      assertTrue(marker >= 0, "README.md has no compose-test:" + name + " block");
      int start = readme.indexOf("```sh\n", marker) + "```sh\n".length();
      return readme.substring(start, readme.indexOf("```", start));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
