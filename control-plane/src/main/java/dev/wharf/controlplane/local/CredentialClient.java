package dev.wharf.controlplane.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.bootstrap.CredentialSource;
import dev.wharf.bootstrap.NodeIdentity;
import dev.wharf.bootstrap.cli.UsageException;
import dev.wharf.controlplane.auth.SigV4;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gets a task's sidecar credential from a control plane: {@code POST /wharf/sidecar-credentials}
 * (README "Security"). The call is signed with SigV4 (service {@code wharf}) when an access key is
 * given, as {@code wharf bootstrap} does with {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY} from the environment; a server started with {@code --credentials}
 * refuses unsigned calls. Thread-safe.
 */
public final class CredentialClient implements CredentialSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String accessKeyId;
  private final String secret;
  private final String region;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A client with the access key of the environment, if any (the AWS CLI's variables). */
  public CredentialClient() {
    this(System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"),
        System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
  }

  /** A client signing with {@code accessKeyId}/{@code secret} (both null: unsigned). */
  public CredentialClient(String accessKeyId, String secret, String region) {
    this.accessKeyId = accessKeyId == null || accessKeyId.isEmpty() ? null : accessKeyId;
    this.secret = secret;
    this.region = region;
  }

  @Override
  public Issued fetch(String endpoint, NodeIdentity identity) throws UsageException {
    URI uri;
    try {
      uri = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/").resolve("wharf/sidecar-credentials");
    } catch (IllegalArgumentException e) {
      throw new UsageException("--endpoint must be a URL like http://127.0.0.1:7878, got '" + endpoint + "'");
    }
    try {
      byte[] body = JSON.writeValueAsBytes(Map.of("taskArn", identity.taskArn(), "service", identity.serviceName()));
      HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (accessKeyId != null) {
        sign(req, uri, body);
      }
      HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() != 200) {
        throw new UsageException("the control plane at " + endpoint + " refused a credential: " + r.statusCode()
            + " " + r.body().trim());
      }
      JsonNode out = JSON.readTree(r.body());
      return new Issued(out.path("credential").asText(), out.hasNonNull("xdsCa") ? out.get("xdsCa").asText() : null);
    } catch (IOException e) {
      throw new UsageException("cannot reach the control plane at " + endpoint + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException("interrupted");
    }
  }

  private void sign(HttpRequest.Builder req, URI uri, byte[] body) {
    String amzDate = SigV4.amzDate(Instant.now());
    Map<String, String> headers = new TreeMap<>();
    headers.put("content-type", "application/json");
    headers.put("host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
    headers.put("x-amz-date", amzDate);
    String auth = SigV4.sign(new SigV4.Request("POST", uri.getRawPath(), uri.getRawQuery(), headers, body),
        accessKeyId, secret, amzDate, region, "wharf");
    req.header("X-Amz-Date", amzDate).header("Authorization", auth);
  }
}
