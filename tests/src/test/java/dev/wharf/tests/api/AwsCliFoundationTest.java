package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.AwsCli;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Repo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The real AWS CLI sets up the checkout example against Wharf, and reads back what it sent
 * ({@code describe-services} shows {@code deployments[0].serviceConnectConfiguration}).
 */
class AwsCliFoundationTest {

  @Test
  void theAwsCliCreatesTheExampleAndDescribeServicesShowsTheConfigurationAsSent() throws Exception {
    try (Mesh mesh = Mesh.start()) {
      AwsCli aws = new AwsCli(mesh.controlPlane().apiPort());
      Path ex = Repo.root().resolve("examples/checkout");
      JsonNode op = aws.ok("servicediscovery", "create-http-namespace", "--name", "prod");
      assertTrue(op.path("OperationId").asText().matches("[a-z0-9]{32}-[a-z0-9]{8}"), op.toString());
      JsonNode cluster = aws.ok("ecs", "create-cluster", "--cluster-name", "shop",
          "--service-connect-defaults", "namespace=prod");
      assertTrue(cluster.at("/cluster/serviceConnectDefaults/namespace").asText()
          .startsWith("arn:aws:servicediscovery:us-east-1:"), cluster.toString());
      for (String f : new String[] {"30-ecs-RegisterTaskDefinition-ledger.json",
          "31-ecs-RegisterTaskDefinition-payments.json", "32-ecs-RegisterTaskDefinition-checkout.json"}) {
        aws.ok("ecs", "register-task-definition", "--cli-input-json", "file://" + ex.resolve(f));
      }
      for (String f : new String[] {"40-ecs-CreateService-ledger.json", "41-ecs-CreateService-payments.json",
          "42-ecs-CreateService-checkout.json"}) {
        aws.ok("ecs", "create-service", "--cli-input-json", "file://" + ex.resolve(f));
      }
      JsonNode described = aws.ok("ecs", "describe-services", "--cluster", "shop", "--services", "payments");
      JsonNode sent = Mesh.JSON.readTree(ex.resolve("41-ecs-CreateService-payments.json").toFile())
          .get("serviceConnectConfiguration");
      JsonNode deployment = described.at("/services/0/deployments/0");
      assertEquals("PRIMARY", deployment.path("status").asText());
      assertEquals(sent, deployment.get("serviceConnectConfiguration"));
      assertEquals("payments", deployment.at("/serviceConnectResources/0/discoveryName").asText());
      JsonNode namespaces = aws.ok("servicediscovery", "list-namespaces");
      assertEquals("prod", namespaces.at("/Namespaces/0/Name").asText());
      JsonNode services = aws.ok("servicediscovery", "list-services");
      assertEquals(2, services.path("Services").size(), services.toString());
    }
  }
}
