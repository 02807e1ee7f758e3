package dev.wharf.controlplane.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A minimal AWS JSON 1.1 caller for Wharf's own tools ({@code wharf up} applying an example): it
 * sends a JSON body with the {@code X-Amz-Target} of the operation, exactly as the AWS CLI does,
 * unsigned. The body is passed through as given; nothing is built by hand.
 */
public final class AwsApiClient {
  /** {@code X-Amz-Target} prefixes, by AWS CLI service name. */
  public static String targetPrefix(String service) {
    return switch (service) {
      case "ecs" -> "AmazonEC2ContainerServiceV20141113";
      case "servicediscovery" -> "Route53AutoNaming_v20170314";
      default -> throw new IllegalArgumentException("unknown AWS service " + service + " (ecs or servicediscovery)");
    };
  }

  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public AwsApiClient(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** The response of one call. */
  public record Reply(int status, String body) {
    public boolean ok() {
      return status == 200;
    }
  }

  /** Calls {@code service.operation} with a JSON body. */
  public Reply call(String service, String operation, String jsonBody) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", targetPrefix(service) + "." + operation)
        .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
        .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  /** GETs a Wharf admin path ({@code /wharf/...}) on the same server. */
  public Reply admin(String path) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }
}
