package dev.wharf.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.controlplane.local.AwsApiClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The assembled server answers the AWS API over HTTP and keeps what it was told. */
class ControlPlaneSmokeTest {

  @Test
  void createsAndListsANamespaceOverHttp() throws Exception {
    Path dir = Files.createTempDirectory("wharf-smoke-");
    try (ControlPlane cp = ControlPlane.start(ControlPlaneConfig.defaults(dir).withEphemeralPorts())) {
      AwsApiClient api = new AwsApiClient(URI.create("http://127.0.0.1:" + cp.apiPort() + "/"));
      AwsApiClient.Reply r = api.call("servicediscovery", "CreateHttpNamespace", "{\"Name\":\"prod\"}");
      assertEquals(200, r.status(), r.body());
      AwsApiClient.Reply list = api.call("servicediscovery", "ListNamespaces", "{}");
      assertEquals(200, list.status(), list.body());
      assertEquals(1, cp.store().current().namespaces().size());
    }
  }
}
