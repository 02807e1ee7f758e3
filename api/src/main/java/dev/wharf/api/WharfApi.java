package dev.wharf.api;

import dev.wharf.api.cloudmap.CloudMapOperations;
import dev.wharf.api.cloudwatch.CloudWatchOperations;
import dev.wharf.api.ecs.EcsOperations;
import dev.wharf.api.metrics.MetricsSource;
import dev.wharf.api.protocol.ApiOptions;
import dev.wharf.api.protocol.AwsJsonService;
import dev.wharf.api.protocol.QueryCompatibleService;
import dev.wharf.api.state.StateStore;
import java.time.Clock;
import java.util.List;

/**
 * Wharf's AWS API: the AWS JSON 1.1 front end ({@link AwsJsonService}) wired with the ECS and Cloud Map
 * operations over one store, and CloudWatch's metric reads (in its own protocols, {@link
 * QueryCompatibleService}) over a {@link MetricsSource}. The one place that knows every service, so that
 * the protocol package does not depend on the services and the services depend on the protocol one way
 * only.
 */
public final class WharfApi {
  private WharfApi() {}

  /** The ECS and Cloud Map API over {@code store}; timestamps from {@code clock}; no metrics. */
  public static AwsJsonService create(StateStore store, Clock clock, ApiOptions options) {
    return create(store, clock, options, MetricsSource.empty());
  }

  /** The ECS and Cloud Map API over {@code store}, and CloudWatch over {@code metrics}. */
  public static AwsJsonService create(StateStore store, Clock clock, ApiOptions options, MetricsSource metrics) {
    CloudWatchOperations cloudWatch = new CloudWatchOperations(metrics);
    return new AwsJsonService(store, clock, options, List.of(new EcsOperations(store), new CloudMapOperations(store)),
        List.of(new QueryCompatibleService(CloudWatchOperations.model(options.maxBodyBytes()),
            cloudWatch.operations())));
  }
}
