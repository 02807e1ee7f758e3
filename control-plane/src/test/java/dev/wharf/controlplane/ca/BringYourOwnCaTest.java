package dev.wharf.controlplane.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wharf.controlplane.ControlPlane;
import dev.wharf.controlplane.ControlPlaneConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ca-cert/--ca-key}: a control plane signs with the operator's CA, publishes it as the trust
 * bundle ({@code GET /wharf/ca}), and generates no root of its own.
 */
class BringYourOwnCaTest {
  @TempDir
  Path dir;

  @Test
  void theOperatorsCaIsTheTrustBundle() throws Exception {
    CertificateAuthority theirs = CertificateAuthority.openBuiltIn(dir.resolve("theirs"), Clock.systemUTC());
    Path cert = dir.resolve("theirs/ca/root.crt");
    Path key = dir.resolve("theirs/ca/root.key");
    ControlPlaneConfig config = ControlPlaneConfig.defaults(dir.resolve("data")).withEphemeralPorts()
        .withTls(TlsSettings.defaults().withCa(cert, key));
    try (ControlPlane cp = ControlPlane.start(config)) {
      assertEquals(theirs.signingRoot(), cp.ca().signingRoot());
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + cp.apiPort() + "/wharf/ca")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals(Files.readString(cert).strip(), r.body().strip());
      assertFalse(Files.exists(dir.resolve("data/ca/root.key")), "a root was generated anyway");
    }
  }
}
