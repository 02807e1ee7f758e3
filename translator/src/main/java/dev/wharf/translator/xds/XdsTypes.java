package dev.wharf.translator.xds;

import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/**
 * Every message type the translator packs into an {@code Any}, for printing its output as JSON or
 * YAML (golden files, admin/debug endpoints). Keep in step with the builders.
 */
public final class XdsTypes {
  private static final JsonFormat.TypeRegistry REGISTRY = JsonFormat.TypeRegistry.newBuilder()
      .add(HttpConnectionManager.getDescriptor())
      .add(Router.getDescriptor())
      .add(TcpProxy.getDescriptor())
      .add(StdoutAccessLog.getDescriptor())
      .add(ReqWithoutQuery.getDescriptor())
      .add(PreviousHostsPredicate.getDescriptor())
      .add(HttpProtocolOptions.getDescriptor())
      .add(DownstreamTlsContext.getDescriptor())
      .add(UpstreamTlsContext.getDescriptor())
      .add(Secret.getDescriptor())
      .build();

  private XdsTypes() {}

  public static JsonFormat.TypeRegistry registry() {
    return REGISTRY;
  }
}
