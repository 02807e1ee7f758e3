package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Boto3;
import dev.wharf.tests.harness.Mesh;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A plain boto3 script ({@code src/test/resources/boto3/setup_service_connect.py}) sets up Service
 * Connect against Wharf unchanged: the endpoint and credentials come from the standard environment
 * variables ({@code AWS_ENDPOINT_URL} and friends), as they would for any user script. boto3 also
 * sees ECS's errors for an awsvpc service without {@code networkConfiguration} and an entry without a
 * client alias (spec 69), and the {@code networkConfiguration} and default {@code deploymentConfiguration}
 * ECS returns.
 */
class Boto3ScriptTest {

  @Test
  void theBoto3SetupScriptRunsUnchanged() throws Exception {
    try (Mesh mesh = Mesh.start()) {
      String stdout = Boto3.run("setup_service_connect.py", mesh.controlPlane().apiPort(), "123456789012", "eu-west-1",
          Map.of("AWS_DISABLE_HOST_PREFIX_INJECTION", "true"));
      List<String> lines = new ArrayList<>(stdout.lines().toList());
      // The account is the 12-digit access key id, the region the one the script signed for.
      String ns = "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-[a-z0-9]{16}";
      assertTrue(lines.get(0).matches("OPERATION (SUBMITTED )?(PENDING )?SUCCESS"), lines.get(0));
      assertTrue(lines.get(1).matches("NAMESPACE ns-[a-z0-9]{16} " + ns + " HTTP"), lines.get(1));
      assertTrue(lines.get(2).matches("CLUSTER arn:aws:ecs:eu-west-1:123456789012:cluster/boto-shop " + ns),
          lines.get(2));
      assertEquals("TASKDEF arn:aws:ecs:eu-west-1:123456789012:task-definition/orders:1 http", lines.get(3));
      assertEquals("TASKDEF arn:aws:ecs:eu-west-1:123456789012:task-definition/stock:1 grpc", lines.get(4));
      assertEquals(List.of(
          "NO_NETWORK InvalidParameterException Network Configuration must be provided when networkMode 'awsvpc' is "
              + "specified.",
          "NO_ALIAS InvalidParameterException clientAliases must have 1 element."), lines.subList(5, 7));
      String settings = " subnet-0a1b2c3d4e5f60001 sg-0a1b2c3d DISABLED True 200 100 False False ROLLING";
      assertEquals(List.of(
          "SERVICE orders ACTIVE 2 True orders:8080 orders", "SETTINGS orders" + settings,
          "SERVICE stock ACTIVE 2 True stock:50051 stock", "SETTINGS stock" + settings,
          "SERVICE frontend ACTIVE 1 True - -", "SETTINGS frontend" + settings,
          "BY_NAMESPACE 3"), lines.subList(7, 14));
      assertTrue(lines.get(14).matches("CLOUDMAP orders srv-[a-z0-9]{16} 0 0 True"), lines.get(14));
      assertTrue(lines.get(15).matches("CLOUDMAP stock srv-[a-z0-9]{16} 0 0 True"), lines.get(15));
      assertEquals("DONE", lines.get(16));
      assertEquals(17, lines.size(), stdout);
    }
  }
}
