package dev.wharf.translator.xds;

import com.google.protobuf.UInt32Value;
import dev.wharf.translator.ir.EgressListener;
import dev.wharf.translator.ir.IngressListener;
import dev.wharf.translator.ir.Timeouts;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;

/**
 * Builds RouteConfigurations for HTTP-family listeners (spec 2.2, 2.3): one virtual host matching
 * every authority, one {@code prefix: "/"} route.
 */
public final class RouteBuilder {
  /**
   * Spec 38: "retry twice on connection failure or 503", the second attempt on another host.
   * {@code reset} and {@code refused-stream} are how a dying task's connection failures show up.
   * 502 and 504 are deliberately not retried: AWS names only connection failures and 503; a 504 has
   * already spent the per-request budget (the route timeout covers every attempt), and a 502 is the
   * app's own verdict on its upstream, which a retry would repeat or, for a non-idempotent request,
   * double (pain point 4.5). 500 and 4xx are never retried.
   */
  public static final String RETRY_ON = "connect-failure,refused-stream,reset,retriable-status-codes";

  public static final int RETRIABLE_STATUS = 503;
  public static final int NUM_RETRIES = 2;
  /** How often host selection may be redone to find a host not tried yet (previous_hosts). */
  public static final int HOST_SELECTION_RETRY_MAX_ATTEMPTS = 3;

  static final String PREVIOUS_HOSTS = "envoy.retry_host_predicates.previous_hosts";

  private RouteBuilder() {}

  /** Ingress: straight to the local app, no retries (the client proxy retries). */
  public static RouteConfiguration ingress(IngressListener l) {
    String name = Names.ingressRoute(l.discoveryName());
    return routeConfig(name, action(Names.appCluster(l.discoveryName()), l.timeouts()).build());
  }

  /** Egress: round robin over the target's tasks, with the spec 38 retry policy. */
  public static RouteConfiguration egress(EgressListener l) {
    String name = Names.egressRoute(l.dnsName(), l.port());
    RouteAction action = action(Names.upstreamCluster(l.upstream()), l.timeouts())
        .setRetryPolicy(retryPolicy())
        .build();
    return routeConfig(name, action);
  }

  static RetryPolicy retryPolicy() {
    return RetryPolicy.newBuilder()
        .setRetryOn(RETRY_ON)
        .setNumRetries(UInt32Value.of(NUM_RETRIES))
        .addRetriableStatusCodes(RETRIABLE_STATUS)
        .addRetryHostPredicate(RetryPolicy.RetryHostPredicate.newBuilder()
            .setName(PREVIOUS_HOSTS)
            .setTypedConfig(Protos.pack(PreviousHostsPredicate.getDefaultInstance())))
        .setHostSelectionRetryMaxAttempts(HOST_SELECTION_RETRY_MAX_ATTEMPTS)
        .build();
  }

  /**
   * Spec 39: {@code timeout} = perRequestTimeoutSeconds (0 disables, Envoy's meaning of 0s too);
   * {@code idle_timeout} = idleTimeoutSeconds (per-route stream idle timeout, 0 disables).
   */
  private static RouteAction.Builder action(String cluster, Timeouts t) {
    return RouteAction.newBuilder()
        .setCluster(cluster)
        .setTimeout(Protos.duration(t.perRequest()))
        .setIdleTimeout(Protos.duration(t.idle()));
  }

  private static RouteConfiguration routeConfig(String name, RouteAction action) {
    return RouteConfiguration.newBuilder()
        .setName(name)
        .addVirtualHosts(VirtualHost.newBuilder()
            .setName(name)
            .addDomains("*")
            .addRoutes(Route.newBuilder()
                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(action)))
        .build();
  }
}
