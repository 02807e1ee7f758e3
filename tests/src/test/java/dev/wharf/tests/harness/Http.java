package dev.wharf.tests.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP/1.1 client for tests: one call, its status and which task answered. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private Http() {}

  /** A reply; {@code task} is the answering task's id (header {@code x-task}), or null. */
  public record Reply(int status, String task, String body) {}

  /** {@code GET url}; a connection failure is reported as status -1. */
  public static Reply get(String url) {
    return get(url, Duration.ofSeconds(20));
  }

  public static Reply get(String url, Duration timeout) {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers().firstValue("x-task").orElse(null), r.body());
    } catch (IOException e) {
      return new Reply(-1, null, String.valueOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(-1, null, "interrupted");
    }
  }
}
