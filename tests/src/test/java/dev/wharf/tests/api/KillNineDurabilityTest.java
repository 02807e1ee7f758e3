package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.controlplane.local.AwsApiClient;
import dev.wharf.controlplane.local.ExampleFiles;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Repo;
import dev.wharf.tests.harness.ServerProcess;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** State survives {@code kill -9} of the server. */
class KillNineDurabilityTest {

  @Test
  void listNamespacesAndDescribeServicesAreTheSameAfterKillNineAndRestart() throws Exception {
    Path dir = Files.createTempDirectory("wharf-kill9-");
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    JsonNode[] before;
    try (ServerProcess server = ServerProcess.start(data, 0, 0, log)) {
      ExampleFiles.apply(Repo.root().resolve("examples/checkout"), server.client(),
          new PrintStream(java.io.OutputStream.nullOutputStream()));
      before = snapshot(server.client());
      assertEquals(3, before[1].path("services").size(), before[1].toString());
      server.kill9();
    }
    try (ServerProcess restarted = ServerProcess.start(data, 0, 0, log)) {
      JsonNode[] after = snapshot(restarted.client());
      assertEquals(before[0], after[0], "ListNamespaces changed across kill -9");
      assertEquals(before[1], after[1], "DescribeServices changed across kill -9");
      assertTrue(after[0].path("Namespaces").size() == 1);
    }
  }

  private static JsonNode[] snapshot(AwsApiClient api) throws Exception {
    AwsApiClient.Reply ns = api.call("servicediscovery", "ListNamespaces", "{}");
    AwsApiClient.Reply svc = api.call("ecs", "DescribeServices", Mesh.JSON.writeValueAsString(
        java.util.Map.of("cluster", "shop", "services", java.util.List.of("ledger", "payments", "checkout"))));
    assertTrue(ns.ok() && svc.ok(), ns.body() + svc.body());
    return new JsonNode[] {Mesh.JSON.readTree(ns.body()), Mesh.JSON.readTree(svc.body())};
  }
}
