package dev.wharf.tests.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.bootstrap.NodeIdentity;
import dev.wharf.controlplane.local.AwsApiClient;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.ServerProcess;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 100 client-server services × 3 tasks in the awsvpc layout, created through the AWS API of the real
 * server process; 300 simulated sidecars connect over real gRPC, each with its own task's node
 * identity, so the server registers 300 tasks from their streams. Every proxy ends up holding every
 * service's assignment with its 3 tasks. Then one sidecar goes away: every other proxy drops that
 * task's endpoint, and nothing else.
 */
class ThreeHundredSidecarsTest {
  private static final int SERVICES = 100;
  private static final int TASKS = 3;
  private static final int STREAMS_PER_CONNECTION = 25;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSidecarThatGoesAwayIsDroppedByEveryOtherProxy() throws Exception {
    Path dir = Files.createTempDirectory("wharf-300-");
    List<ManagedChannel> channels = new ArrayList<>();
    List<SimulatedSidecar> sidecars = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(dir.resolve("data"), 0, 0, dir.resolve("server.log"))) {
      createEstate(server.client());
      for (int i = 0; i < SERVICES * TASKS; i++) {
        if (i % STREAMS_PER_CONNECTION == 0) {
          channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.xdsPort()).usePlaintext().build());
        }
        sidecars.add(new SimulatedSidecar(channels.get(channels.size() - 1), identity(i / TASKS, i % TASKS)));
      }
      Await.until(Duration.ofSeconds(120), "every proxy holds every assignment with its 3 tasks",
          () -> sidecars.stream().allMatch(ThreeHundredSidecarsTest::holdsEverything));

      SimulatedSidecar leaving = sidecars.get(7 * TASKS + 1);
      String cluster = discoveryName(7);
      String address = leaving.identity().ingressIp() + ":8080";
      assertTrue(sidecars.get(0).endpoints(cluster).contains(address));
      leaving.close();
      List<SimulatedSidecar> others = sidecars.stream().filter(s -> s != leaving).toList();
      Await.until(Duration.ofSeconds(60), "every other proxy drops the endpoint of the task that went away",
          () -> others.stream().allMatch(s -> s.endpoints(cluster).size() == TASKS - 1));
      for (SimulatedSidecar s : others) {
        Set<String> held = s.endpoints(cluster);
        assertTrue(!held.contains(address), s.identity().taskArn() + " still holds " + address);
        assertEquals(TASKS, s.endpoints(discoveryName(8)).size(), "other services keep their endpoints");
        assertNull(s.error(), "stream of " + s.identity().taskArn());
      }
      assertEquals(299, running(server.client()), "ECS counts 299 running tasks");
    } finally {
      sidecars.forEach(SimulatedSidecar::close);
      for (ManagedChannel c : channels) {
        c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static boolean holdsEverything(SimulatedSidecar s) {
    for (int j = 0; j < SERVICES; j++) {
      Set<String> e = s.endpoints(discoveryName(j));
      if (e == null || e.size() != TASKS) {
        return false;
      }
    }
    return true;
  }

  static String serviceName(int j) {
    return String.format("svc-%03d", j);
  }

  static String discoveryName(int j) {
    return serviceName(j);
  }

  /** Task k of service j: awsvpc, its own task address 10.(j / 250).(j % 250).(k + 1), app on localhost. */
  static NodeIdentity identity(int j, int k) {
    return new NodeIdentity("us-east-1", "000000000000", "estate", serviceName(j), serviceName(j) + "-" + k,
        "awsvpc", "10.20." + j + "." + (k + 1), "127.0.0.1", null, null);
  }

  private static void createEstate(AwsApiClient api) throws Exception {
    call(api, "servicediscovery", "CreateHttpNamespace", Map.of("Name", "estate"));
    call(api, "ecs", "CreateCluster", Map.of("clusterName", "estate", "serviceConnectDefaults",
        Map.of("namespace", "estate")));
    for (int j = 0; j < SERVICES; j++) {
      call(api, "ecs", "RegisterTaskDefinition", Map.of("family", serviceName(j), "networkMode", "awsvpc",
          "cpu", "256", "memory", "512", "containerDefinitions", List.of(Map.of("name", "app",
              "image", "wharf/demo-app", "essential", true, "portMappings", List.of(Map.of("name", "http",
                  "containerPort", 8080, "protocol", "tcp", "appProtocol", "http"))))));
      call(api, "ecs", "CreateService", Map.of("cluster", "estate", "serviceName", serviceName(j),
          "taskDefinition", serviceName(j), "desiredCount", TASKS, "networkConfiguration", Mesh.NETWORK,
          "serviceConnectConfiguration",
          Map.of("enabled", true, "services", List.of(Map.of("portName", "http",
              "discoveryName", discoveryName(j), "clientAliases", List.of(Map.of("port", 80,
                  "dnsName", serviceName(j))))))));
    }
  }

  private static int running(AwsApiClient api) throws Exception {
    int total = 0;
    for (int j = 0; j < SERVICES; j += 10) {
      List<String> names = new ArrayList<>();
      for (int i = j; i < j + 10; i++) {
        names.add(serviceName(i));
      }
      var r = api.call("ecs", "DescribeServices", JSON.writeValueAsString(Map.of("cluster", "estate",
          "services", names)));
      for (var s : JSON.readTree(r.body()).path("services")) {
        total += s.path("runningCount").asInt();
      }
    }
    return total;
  }

  private static void call(AwsApiClient api, String service, String op, Object input) throws Exception {
    AwsApiClient.Reply r = api.call(service, op, JSON.writeValueAsString(input));
    if (!r.ok()) {
      throw new AssertionError(op + ": " + r.status() + " " + r.body());
    }
  }
}
