package dev.wharf.controlplane.xds;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.controlplane.server.serializer.CachedProtoResourcesSerializer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ADS endpoint: java-control-plane's {@link V3DiscoveryServer} (SotW and delta) over gRPC Netty,
 * serving one snapshot per proxy group from a {@link SimpleCache} keyed by node id (the task ARN),
 * behind the {@link NackGuard}. EDS requests for names not in a snapshot are answered with empty
 * assignments, so clusters never stay warming (reference §4, "Stale cluster after failover").
 */
public final class XdsServer implements AutoCloseable {
  private final Server server;

  private XdsServer(Server server) {
    this.server = server;
  }

  /** Starts serving on {@code host:port} (port 0 picks a free port). */
  public static XdsServer start(String host, int port, SimpleCache<String> cache,
      ProxyStatusTracker tracker, List<DiscoveryServerCallbacks> more) {
    List<DiscoveryServerCallbacks> callbacks = new java.util.ArrayList<>();
    callbacks.add(tracker);
    callbacks.addAll(more);
    V3DiscoveryServer xds = new V3DiscoveryServer(callbacks, new NackGuard(cache, tracker),
        new DefaultExecutorGroup(), new CachedProtoResourcesSerializer(), () -> true);
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(xds.getAggregatedDiscoveryServiceImpl())
        .keepAliveTime(30, TimeUnit.SECONDS)
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve ADS on " + host + ":" + port, e);
    }
    return new XdsServer(server);
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
