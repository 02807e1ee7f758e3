package dev.wharf.controlplane.xds;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * The ADS endpoint: Wharf's own aggregated discovery service (state of the world and delta) on the
 * java-control-plane protos and gRPC stubs, over gRPC Netty, serving each proxy its group's snapshot
 * from the {@link SnapshotStore} (one group per node id, the task ARN).
 *
 * <p>Why not java-control-plane's {@code V3DiscoveryServer} + {@code SimpleCache}: 1.0.49 resends a
 * NACKed config in a tight loop, versions resources by {@code hashCode()}, ignores delta
 * {@code initial_resource_versions}, never answers a delta subscription when the group has no
 * resources of the type, re-sends every subscribed assignment on each endpoint change, fans out
 * synchronously inside {@code setSnapshot}, and ignores gRPC flow control. {@link AdsStream} does none of these.
 *
 * <p>Threads: gRPC's transport threads only hand requests to the stream ({@code directExecutor});
 * all work runs on a fixed pool of {@code max(2, cores)} threads, one stream at a time per stream.
 */
public final class XdsServer implements AutoCloseable {
  private final Server server;
  private final ExecutorService pool;
  private final AdsContext ctx;

  private XdsServer(Server server, ExecutorService pool, AdsContext ctx) {
    this.server = server;
    this.pool = pool;
    this.ctx = ctx;
  }

  /** Starts serving on {@code host:port} (port 0 picks a free port), plaintext, admitting every stream. */
  public static XdsServer start(String host, int port, SnapshotStore store, ProxyStatusTracker tracker,
      List<DiscoveryServerCallbacks> callbacks) {
    return start(host, port, store, tracker, callbacks, XdsSecurity.open());
  }

  /** Starts serving on {@code host:port} (port 0 picks a free port), admitting sidecars as {@code security} says. */
  public static XdsServer start(String host, int port, SnapshotStore store, ProxyStatusTracker tracker,
      List<DiscoveryServerCallbacks> callbacks, XdsSecurity security) {
    ExecutorService pool = workers();
    AdsContext ctx = new AdsContext(store, tracker, callbacks, pool);
    ServerServiceDefinition ads = security.credentials() == null ? service(ctx).bindService()
        : ServerInterceptors.intercept(service(ctx),
            new SidecarAuthInterceptor(security.credentials(), security.credentialRequired(), Clock.systemUTC()));
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
    if (security.tls() != null) {
      builder.sslContext(sslContext(security.tls()));
    }
    Server server = builder
        .addService(ads)
        .directExecutor()
        .keepAliveTime(30, TimeUnit.SECONDS)
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .maxInboundMessageSize(16 << 20)
        // A fixed HTTP/2 window (no automatic growth) bounds what each connection may send before
        // the server reads it: a reconnect storm's large first requests wait in the clients' and
        // the kernel's buffers, not in this process's direct memory.
        .flowControlWindow(256 << 10)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      pool.shutdownNow();
      ctx.admission().close();
      throw new UncheckedIOException("cannot serve ADS on " + host + ":" + port, e);
    }
    return new XdsServer(server, pool, ctx);
  }

  static AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase service(AdsContext ctx) {
    return new AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase() {
      @Override
      public StreamObserver<DiscoveryRequest> streamAggregatedResources(StreamObserver<DiscoveryResponse> out) {
        return new SotwStream(ctx, (ServerCallStreamObserver<DiscoveryResponse>) out).requests();
      }

      @Override
      public StreamObserver<DeltaDiscoveryRequest> deltaAggregatedResources(
          StreamObserver<DeltaDiscoveryResponse> out) {
        return new DeltaStream(ctx, (ServerCallStreamObserver<DeltaDiscoveryResponse>) out).requests();
      }
    };
  }

  private static SslContext sslContext(XdsSecurity.Tls tls) {
    try {
      return GrpcSslContexts.forServer(tls.certChain().toFile(), tls.privateKey().toFile()).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot serve ADS over TLS with " + tls.certChain(), e);
    }
  }

  private static ExecutorService workers() {
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "wharf-ads-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
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
    pool.shutdown();
    ctx.admission().close();
  }
}
