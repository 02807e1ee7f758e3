package dev.wharf.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.AwsCli;
import dev.wharf.tests.harness.Mesh;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spec 54 through the real AWS CLI: {@code tls} is accepted on awsvpc services and echoed as given
 * ({@code awsPcaAuthorityArn}, {@code kmsKey}, {@code roleArn}); bridge, a missing or malformed CA
 * ARN and a malformed role ARN get {@code InvalidParameterException} and change nothing.
 */
class TlsApiTest {
  private static final String PCA = "arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/wharf";
  private static final String ROLE = "arn:aws:iam::000000000000:role/ecs-sc-tls";

  @Test
  void tlsIsValidatedAsEcsDoesAndRecorded() {
    try (Mesh mesh = Mesh.start()) {
      AwsCli aws = new AwsCli(mesh.controlPlane().apiPort());
      mesh.namespace("prod");
      mesh.cluster("shop");
      mesh.taskDefinition("api", "api", 8080, "http");
      aws.ok("ecs", "register-task-definition", "--family", "bridged", "--network-mode", "bridge", "--memory", "512",
          "--container-definitions", "[{\"name\":\"app\",\"image\":\"i\",\"portMappings\":[{\"name\":\"api\","
              + "\"containerPort\":8080,\"appProtocol\":\"http\"}]}]");
      long revision = mesh.controlPlane().store().current().revision();
      assertRejected(aws, "bridged", tls("{\"awsPcaAuthorityArn\":\"" + PCA + "\"}", null), "bridge");
      assertRejected(aws, "api", tls("{}", null), "awsPcaAuthorityArn");
      assertRejected(aws, "api", tls("{\"awsPcaAuthorityArn\":\"arn:aws:kms:us-east-1:000000000000:key/k\"}", null),
          "awsPcaAuthorityArn");
      assertRejected(aws, "api", tls("{\"awsPcaAuthorityArn\":\"" + PCA + "\"}", "not-a-role"), "roleArn");
      assertEquals(revision, mesh.controlPlane().store().current().revision(), "a rejected call changed the state");

      JsonNode created = aws.ok("ecs", "create-service", "--cluster", "shop", "--service-name", "api",
          "--task-definition", "api", "--desired-count", "1", "--network-configuration", NETWORK,
          "--service-connect-configuration",
          sc(tls("{\"awsPcaAuthorityArn\":\"" + PCA + "\"}", ROLE)));
      JsonNode tls = created.path("service").path("deployments").path(0).path("serviceConnectConfiguration")
          .path("services").path(0).path("tls");
      assertEquals(PCA, tls.path("issuerCertificateAuthority").path("awsPcaAuthorityArn").asText(), created.toString());
      assertEquals(ROLE, tls.path("roleArn").asText());
      assertEquals("arn:aws:kms:us-east-1:000000000000:key/k1", tls.path("kmsKey").asText());
    }
  }

  private static final String NETWORK = "{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-1\"]}}";

  private static String tls(String issuer, String role) {
    return "{\"issuerCertificateAuthority\":" + issuer + ",\"kmsKey\":\"arn:aws:kms:us-east-1:000000000000:key/k1\""
        + (role == null ? "" : ",\"roleArn\":\"" + role + "\"") + "}";
  }

  private static String sc(String tls) {
    return "{\"enabled\":true,\"namespace\":\"prod\",\"services\":[{\"portName\":\"api\",\"discoveryName\":\"api\","
        + "\"clientAliases\":[{\"port\":8080}],\"tls\":" + tls + "}]}";
  }

  private static void assertRejected(AwsCli aws, String family, String tls, String mentions) {
    List<String> args = new ArrayList<>(List.of("ecs", "create-service", "--cluster", "shop",
        "--service-name", "api-" + family, "--task-definition", family, "--service-connect-configuration", sc(tls)));
    if (!family.equals("bridged")) {
      args.addAll(List.of("--network-configuration", NETWORK)); // awsvpc task definitions need one
    }
    AwsCli.Result r = aws.run(args.toArray(String[]::new));
    assertNotEquals(0, r.exit(), "accepted: " + tls);
    assertTrue(r.stderr().contains("(InvalidParameterException)") && r.stderr().contains(mentions),
        "for " + tls + ": " + r.stderr());
  }
}
