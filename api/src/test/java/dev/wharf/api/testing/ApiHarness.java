package dev.wharf.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.api.WharfApi;
import dev.wharf.api.json.WharfJson;
import dev.wharf.api.protocol.ApiOptions;
import dev.wharf.api.protocol.AwsJsonService;
import dev.wharf.api.protocol.AwsRequest;
import dev.wharf.api.protocol.AwsResponse;
import dev.wharf.api.state.InMemoryStateStore;
import dev.wharf.api.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/** Drives {@link AwsJsonService} the way the AWS CLI does: JSON bodies, targets, a SigV4 header. */
public final class ApiHarness {
  public static final String ECS = "AmazonEC2ContainerServiceV20141113.";
  public static final String CLOUD_MAP = "Route53AutoNaming_v20170314.";
  /**
   * A CreateService member (single-quoted, see {@link #j}) with the {@code networkConfiguration} an
   * awsvpc task definition needs.
   */
  public static final String NETWORK =
      "'networkConfiguration': {'awsvpcConfiguration': {'subnets': ['subnet-0a1b2c3d']}}";

  public final MutableClock clock = new MutableClock(Instant.parse("2024-05-18T02:40:00.123Z"));
  public final StateStore store;
  public final AwsJsonService api;

  public ApiHarness() {
    this(new InMemoryStateStore(), ApiOptions.defaults().withAdminResetEnabled(true));
  }

  public ApiHarness(StateStore store, ApiOptions options) {
    this.store = store;
    this.api = WharfApi.create(store, clock, options);
  }

  /** A parsed response. */
  public record Result(int status, JsonNode body, AwsResponse raw) {
    public String errorType() {
      return body.path("__type").asText(null);
    }

    public String message() {
      return body.has("message") ? body.get("message").asText() : body.path("Message").asText(null);
    }
  }

  public Result ecs(String op, String json) {
    return call(ECS + op, json, Map.of());
  }

  public Result cloudMap(String op, String json) {
    return call(CLOUD_MAP + op, json, Map.of());
  }

  /** Fails unless the call succeeds; returns the body. */
  public JsonNode ecsOk(String op, String json) {
    return ok(ecs(op, json), op);
  }

  public JsonNode cloudMapOk(String op, String json) {
    return ok(cloudMap(op, json), op);
  }

  public Result call(String target, String json, Map<String, String> headers) {
    AwsResponse r = api.handle(new AwsRequest(target, json.getBytes(StandardCharsets.UTF_8), headers));
    try {
      return new Result(r.status(), WharfJson.wire().readTree(r.body()), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode ok(Result r, String op) {
    if (r.status() != 200) {
      throw new AssertionError(op + " failed: " + r.status() + " " + r.body());
    }
    return r.body();
  }

  /** Single quotes to double quotes, so JSON in tests stays readable. */
  public static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** A clock tests move by hand. */
  public static final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(Instant start) {
      this.now = start;
    }

    public void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
