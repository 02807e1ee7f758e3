package dev.wharf.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.bootstrap.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BootstrapCommandTest {

  /** Exit code, stdout and stderr of one run. */
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BootstrapCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static BootstrapParams params(String... args) throws UsageException {
    return BootstrapCommand.params(BootstrapCommand.parse(args));
  }

  @Test
  void printsTheSameYamlAsTheLibrary() {
    Result r = run("--service", "payments", "--cluster", "c1", "--slot", "0.2",
        "--task-id", "0123456789abcdef0123456789abcdef");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    String expected = BootstrapYaml.render(BootstrapBuilder.build(
        BootstrapCases.all().get("loopback-sotw")));
    assertEquals(expected, r.out());
  }

  @Test
  void loopbackDerivesAddressesFromTheSlot() throws Exception {
    BootstrapParams p = params("--service", "s", "--slot", "4.5");
    NodeIdentity id = p.identity();
    assertEquals("loopback", id.layout());
    assertEquals("127.1.4.5", id.ingressIp());
    assertEquals("127.2.4.5", id.appIp());
    assertEquals("4.5", id.slot());
    assertEquals("127.1.4.5", p.adminIp(), "admin defaults to the task's own ingress address");
  }

  @Test
  void defaults() throws Exception {
    BootstrapParams p = params("--service", "s", "--slot", "0.1");
    NodeIdentity id = p.identity();
    assertEquals("default", id.clusterName());
    assertEquals("us-east-1", id.region());
    assertEquals("000000000000", id.account());
    assertTrue(id.taskId().matches("[0-9a-f]{32}"), id.taskId());
    assertEquals(null, id.availabilityZone());
    assertEquals("127.0.0.1", p.xdsHost());
    assertEquals(18000, p.xdsPort());
    assertEquals(9901, p.adminPort());
    assertEquals(false, p.deltaAds());
    assertEquals(Duration.ZERO, p.initialFetchTimeout());
  }

  @Test
  void randomTaskIdsDiffer() throws Exception {
    assertTrue(!params("--service", "s", "--slot", "0.1").identity().taskId()
        .equals(params("--service", "s", "--slot", "0.1").identity().taskId()));
  }

  @Test
  void awsvpc() throws Exception {
    BootstrapParams p = params("--service=ledger", "--layout=awsvpc", "--ingress-ip=10.0.0.7",
        "--az", "use1-az1", "--xds-host", "wharf", "--xds-port", "19000", "--delta",
        "--admin-port", "9902", "--initial-fetch-timeout", "1.5", "--region", "eu-west-1",
        "--account", "111122223333");
    NodeIdentity id = p.identity();
    assertEquals("awsvpc", id.layout());
    assertEquals("10.0.0.7", id.ingressIp());
    assertEquals("127.0.0.1", id.appIp());
    assertEquals(null, id.slot());
    assertEquals("use1-az1", id.availabilityZone());
    assertEquals("127.0.0.1", p.adminIp());
    assertEquals("wharf", p.xdsHost());
    assertEquals(19000, p.xdsPort());
    assertEquals(9902, p.adminPort());
    assertEquals(true, p.deltaAds());
    assertEquals(Duration.ofMillis(1500), p.initialFetchTimeout());
    assertTrue(id.taskArn().startsWith("arn:aws:ecs:eu-west-1:111122223333:task/default/"));
  }

  @Test
  void explicitAddressesOverrideTheSlot() throws Exception {
    BootstrapParams p = params("--service", "s", "--slot", "0.1", "--ingress-ip", "127.9.0.1",
        "--app-ip", "127.9.0.2", "--admin-ip", "127.0.0.1");
    assertEquals("127.9.0.1", p.identity().ingressIp());
    assertEquals("127.9.0.2", p.identity().appIp());
    assertEquals("127.0.0.1", p.adminIp());
  }

  @Test
  void deltaSelectsDeltaGrpc() {
    Result r = run("--service", "s", "--slot", "0.1", "--delta");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("api_type: DELTA_GRPC"), r.out());
  }

  @Test
  void helpDocumentsEveryFlagWithItsDefault() {
    Result r = run("--help");
    assertEquals(0, r.code());
    for (String flag : new String[] {"--cluster", "--service", "--task-id", "--region", "--account",
        "--layout", "--ingress-ip", "--app-ip", "--slot", "--az", "--xds-host", "--xds-port",
        "--admin-ip", "--admin-port", "--delta", "--initial-fetch-timeout", "--help"}) {
      assertTrue(r.out().contains("  " + flag + " "), flag + " missing from help:\n" + r.out());
    }
    assertTrue(r.out().contains("7878") && r.out().contains("18000"), r.out());
    assertTrue(r.out().contains("(default: 9901)"), r.out());
  }

  @Test
  void badUsageExitsTwoWithAMessage() {
    String[][] bad = {
      {},
      {"--slot", "0.1"},
      {"--service", "s"},
      {"--service", "s", "--slot", "0.1", "--bogus"},
      {"--service", "s", "--slot", "0.1", "extra"},
      {"--service", "s", "--slot"},
      {"--service", "s", "--slot", "300.1"},
      {"--service", "s", "--slot", "0.1", "--xds-port", "0"},
      {"--service", "s", "--slot", "0.1", "--xds-port", "http"},
      {"--service", "s", "--slot", "0.1", "--admin-port", "70000"},
      {"--service", "s", "--slot", "0.1", "--layout", "bridge"},
      {"--service", "s", "--layout", "awsvpc"},
      {"--service", "s", "--layout", "awsvpc", "--ingress-ip", "10.0.0.1", "--slot", "0.1"},
      {"--service", "s", "--slot", "0.1", "--ingress-ip", "10.0.0.300"},
      {"--service", "s", "--slot", "0.1", "--app-ip", "localhost"},
      {"--service", "s", "--slot", "0.1", "--admin-ip", "example.com"},
      {"--service", "s/x", "--slot", "0.1"},
      {"--service", "s", "--slot", "0.1", "--cluster", "a:b"},
      {"--service", "s", "--slot", "0.1", "--account", "123"},
      {"--service", "s", "--slot", "0.1", "--delta=yes"},
      {"--service", "s", "--slot", "0.1", "--service", "t"},
      {"--service", "s", "--slot", "0.1", "--initial-fetch-timeout", "-1"},
      {"--service", "s", "--slot", "0.1", "--initial-fetch-timeout", "NaN"},
    };
    for (String[] args : bad) {
      Result r = run(args);
      String shown = String.join(" ", args);
      assertEquals(2, r.code(), shown);
      assertEquals("", r.out(), shown);
      assertTrue(r.err().startsWith("wharf bootstrap: "), shown + " -> " + r.err());
      assertTrue(r.err().contains("--help"), shown + " -> " + r.err());
    }
  }
}
