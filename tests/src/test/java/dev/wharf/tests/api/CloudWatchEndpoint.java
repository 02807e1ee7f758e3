package dev.wharf.tests.api;

import dev.wharf.api.WharfApi;
import dev.wharf.api.metrics.MetricsSource;
import dev.wharf.api.protocol.ApiOptions;
import dev.wharf.api.protocol.AwsJsonService;
import dev.wharf.api.state.InMemoryStateStore;
import dev.wharf.controlplane.http.ApiHttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/**
 * Wharf's AWS API on a real loopback HTTP server (the control plane's {@link ApiHttpServer} binding,
 * the same port ECS and Cloud Map use), answering CloudWatch from a given {@link MetricsSource}.
 */
final class CloudWatchEndpoint implements AutoCloseable {
  private final ApiHttpServer server;

  CloudWatchEndpoint(MetricsSource metrics) {
    AwsJsonService api = WharfApi.create(new InMemoryStateStore(), Clock.systemUTC(), ApiOptions.defaults(), metrics);
    server = ApiHttpServer.start("127.0.0.1", 0, api::answer,
        (method, path, body) -> ApiHttpServer.AdminResponse.text(404, "no admin endpoints here\n"),
        api.options().maxBodyBytes(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
