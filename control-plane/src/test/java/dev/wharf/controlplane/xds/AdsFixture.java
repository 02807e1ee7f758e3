package dev.wharf.controlplane.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Status;
import dev.wharf.controlplane.http.AdminEndpoints;
import dev.wharf.controlplane.http.AdminView;
import dev.wharf.controlplane.metrics.SidecarTarget;
import dev.wharf.controlplane.reconcile.Reconciler;
import dev.wharf.translator.TranslationResult;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link XdsServer} on a loopback port with a {@link SnapshotStore} the test publishes to, and
 * scripted proxies: gRPC clients on a real channel that send the requests Envoy would send (real
 * {@code DiscoveryRequest} / {@code DeltaDiscoveryRequest} protos) and queue what the server answers.
 * Nothing of the server is replaced; the proxies only script what Envoy says.
 */
final class AdsFixture implements AutoCloseable {
  static final String GROUP = "arn:aws:ecs:us-east-1:000000000000:task/shop/0123456789abcdef";
  /** Generous: the machine is shared, and a missing answer is a failure either way. */
  static final long WAIT_SECONDS = 20;
  /** How long a proxy listens to conclude that the server sends nothing more. */
  static final long QUIET_MILLIS = 700;

  final SnapshotStore store = new SnapshotStore();
  final ProxyStatusTracker tracker = new ProxyStatusTracker(new SimpleMeterRegistry());
  final XdsServer server = XdsServer.start("127.0.0.1", 0, store, tracker, List.of());
  private final List<ManagedChannel> channels = new ArrayList<>();

  /** Publishes a snapshot of these resources (no routes) to {@link #GROUP}. */
  GroupSnapshot publish(List<Cluster> clusters, List<ClusterLoadAssignment> endpoints, List<Listener> listeners) {
    return publish(clusters, endpoints, listeners, List.of());
  }

  /** Publishes a snapshot of these resources to {@link #GROUP}. */
  GroupSnapshot publish(List<Cluster> clusters, List<ClusterLoadAssignment> endpoints, List<Listener> listeners,
      List<RouteConfiguration> routes) {
    Map<XdsType, TypeSnapshot> m = new EnumMap<>(XdsType.class);
    m.put(XdsType.CLUSTER, of(XdsType.CLUSTER, clusters));
    m.put(XdsType.ENDPOINT, of(XdsType.ENDPOINT, endpoints));
    m.put(XdsType.LISTENER, of(XdsType.LISTENER, listeners));
    m.put(XdsType.ROUTE, of(XdsType.ROUTE, routes));
    for (XdsType t : XdsType.values()) {
      m.putIfAbsent(t, of(t, List.of())); // any other type the server serves: nothing of it
    }
    GroupSnapshot g = new GroupSnapshot(m, System.nanoTime());
    store.set(GROUP, g);
    return g;
  }

  private static TypeSnapshot of(XdsType type, List<? extends Message> messages) {
    return TypeSnapshot.of(type, messages.stream().map(m -> XdsResource.of(type, m)).toList());
  }

  static Cluster cluster(String name, long connectTimeoutSeconds) {
    return Cluster.newBuilder().setName(name).setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
            .setEdsConfig(ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())))
        .setConnectTimeout(Duration.newBuilder().setSeconds(connectTimeoutSeconds)).build();
  }

  static ClusterLoadAssignment endpoints(String cluster, String... ips) {
    LocalityLbEndpoints.Builder l = LocalityLbEndpoints.newBuilder();
    for (String ip : ips) {
      l.addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(address(ip, 8080))));
    }
    return ClusterLoadAssignment.newBuilder().setClusterName(cluster).addEndpoints(l).build();
  }

  /** A TCP listener on {@code ip:80} that sends everything to {@code cluster}. */
  static Listener listener(String name, String ip, String cluster) {
    TcpProxy tcp = TcpProxy.newBuilder().setStatPrefix(name).setCluster(cluster).build();
    return Listener.newBuilder().setName(name).setAddress(address(ip, 80))
        .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
            .setName("envoy.filters.network.tcp_proxy").setTypedConfig(Any.pack(tcp))))
        .build();
  }

  /** A route table named {@code name} that sends every request to {@code cluster}. */
  static RouteConfiguration routes(String name, String cluster) {
    return RouteConfiguration.newBuilder().setName(name)
        .addVirtualHosts(VirtualHost.newBuilder().setName(name).addDomains("*")
            .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(RouteAction.newBuilder().setCluster(cluster))))
        .build();
  }

  private static Address address(String ip, int port) {
    return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(port)).build();
  }

  private ManagedChannel channel() {
    ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    channels.add(c);
    return c;
  }

  SotwProxy sotw() {
    return new SotwProxy(AggregatedDiscoveryServiceGrpc.newStub(channel()));
  }

  DeltaProxy delta() {
    return new DeltaProxy(AggregatedDiscoveryServiceGrpc.newStub(channel()));
  }

  /** The per-type status of the group's streams as {@code /wharf/proxies} serves it. */
  @SuppressWarnings("unchecked")
  Map<String, Object> proxyStatus(XdsType type) {
    Map<String, Object> streams = tracker.view(GROUP);
    assertNotNull(streams.isEmpty() ? null : streams, "no open stream for " + GROUP + " in " + tracker.view());
    Map<String, Object> stream = (Map<String, Object>) streams.values().iterator().next();
    Map<String, Object> types = (Map<String, Object>) stream.get("types");
    return (Map<String, Object>) types.getOrDefault(type.shortName(), Map.of());
  }

  /** The names of the resources in a SotW response, sorted. */
  static List<String> names(DiscoveryResponse r) {
    return names(r.getTypeUrl(), r.getResourcesList());
  }

  /** The names of the resources a delta response adds or updates, sorted. */
  static List<String> names(DeltaDiscoveryResponse r) {
    return names(r.getTypeUrl(), r.getResourcesList().stream().map(x -> x.getResource()).toList());
  }

  private static List<String> names(String typeUrl, List<Any> resources) {
    XdsType t = XdsType.of(typeUrl);
    List<String> out = new ArrayList<>();
    for (Any a : resources) {
      out.add(t.nameOf(unpack(t, a)));
    }
    out.sort(null);
    return out;
  }

  static Message unpack(XdsType t, Any a) {
    try {
      return switch (t) {
        case CLUSTER -> a.unpack(Cluster.class);
        case ENDPOINT -> a.unpack(ClusterLoadAssignment.class);
        case LISTENER -> a.unpack(Listener.class);
        case ROUTE -> a.unpack(RouteConfiguration.class);
        default -> throw new AssertionError("unexpected type " + t);
      };
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the server sent a resource that does not parse as " + t, e);
    }
  }

  /**
   * The body of {@code GET /wharf/proxies} as the admin endpoints serve it, over this fixture's real
   * tracker and store (no reconciler has run, no task was rejected).
   */
  String proxiesEndpoint() {
    AdminView view = new FixtureView(tracker, new SnapshotPublisher(store), new SimpleMeterRegistry());
    var response = new AdminEndpoints(view).handle("GET", "/proxies", new byte[0]);
    assertEquals(200, response.status(), new String(response.body(), StandardCharsets.UTF_8));
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /**
   * Waits until the group's status for {@code type} has {@code key} = {@code expected} (the stream
   * handles requests asynchronously), and returns that status; fails after {@link #WAIT_SECONDS}.
   */
  Map<String, Object> awaitStatus(XdsType type, String key, Object expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    Map<String, Object> status = proxyStatus(type);
    while (!expected.equals(status.get(key)) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      status = proxyStatus(type);
    }
    assertEquals(expected, status.get(key), "proxy status " + type.shortName() + " after " + WAIT_SECONDS + " s: "
        + status);
    return status;
  }

  static Node node() {
    return Node.newBuilder().setId(GROUP).setCluster("shop").build();
  }

  @Override
  public void close() {
    try {
      for (ManagedChannel c : channels) {
        c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.close();
    }
  }

  /** Queues what a stream receives and reports its end. */
  private static final class Inbox<T> implements StreamObserver<T> {
    final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public void onNext(T value) {
      queue.add(value);
    }

    @Override
    public void onError(Throwable t) {
      queue.add(t);
    }

    @Override
    public void onCompleted() {
      queue.add("completed");
    }

    @SuppressWarnings("unchecked")
    T next(String waitingFor) throws InterruptedException {
      Object o = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(o, "the server sent no response within " + WAIT_SECONDS + " s; expected " + waitingFor);
      if (o instanceof Throwable t) {
        throw new AssertionError("the stream failed while waiting for " + waitingFor, t);
      }
      if (!(o instanceof Message)) {
        throw new AssertionError("the stream ended while waiting for " + waitingFor);
      }
      return (T) o;
    }

    void assertQuiet(String why) throws InterruptedException {
      Object o = queue.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS);
      assertNull(o, () -> why + ", but the server sent: " + o);
    }
  }

  /** A state-of-the-world proxy: sends requests the way Envoy does over ADS. */
  static final class SotwProxy {
    private final Inbox<DiscoveryResponse> in = new Inbox<>();
    private final StreamObserver<DiscoveryRequest> out;
    private boolean first = true;

    SotwProxy(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub) {
      out = stub.streamAggregatedResources(in);
    }

    /** A subscription (no nonce); {@code version} is what a reconnecting proxy says it holds. */
    void subscribe(XdsType type, String version, String... names) {
      send(DiscoveryRequest.newBuilder().setTypeUrl(type.typeUrl()).setVersionInfo(version)
          .addAllResourceNames(List.of(names)));
    }

    void ack(DiscoveryResponse r, String... names) {
      send(DiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setVersionInfo(r.getVersionInfo())
          .setResponseNonce(r.getNonce()).addAllResourceNames(List.of(names)));
    }

    /** Envoy's NACK: the nonce of the rejected response, the version it still holds, the error. */
    void nack(DiscoveryResponse r, String heldVersion, String error, String... names) {
      send(DiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setVersionInfo(heldVersion)
          .setResponseNonce(r.getNonce()).addAllResourceNames(List.of(names))
          .setErrorDetail(Status.newBuilder().setCode(3).setMessage(error)));
    }

    private void send(DiscoveryRequest.Builder b) {
      if (first) {
        b.setNode(node());
        first = false;
      }
      out.onNext(b.build());
    }

    DiscoveryResponse next(String waitingFor) throws InterruptedException {
      return in.next(waitingFor);
    }

    void assertQuiet(String why) throws InterruptedException {
      in.assertQuiet(why);
    }
  }

  /** A delta (incremental) proxy. */
  static final class DeltaProxy {
    private final Inbox<DeltaDiscoveryResponse> in = new Inbox<>();
    private final StreamObserver<DeltaDiscoveryRequest> out;
    private boolean first = true;

    DeltaProxy(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub) {
      out = stub.deltaAggregatedResources(in);
    }

    /** A first subscription; {@code held} is what a reconnecting proxy holds (name → version). */
    void subscribe(XdsType type, Map<String, String> held, String... names) {
      send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(type.typeUrl()).putAllInitialResourceVersions(held)
          .addAllResourceNamesSubscribe(List.of(names)));
    }

    void ack(DeltaDiscoveryResponse r) {
      send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setResponseNonce(r.getNonce()));
    }

    void nack(DeltaDiscoveryResponse r, String error) {
      send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setResponseNonce(r.getNonce())
          .setErrorDetail(Status.newBuilder().setCode(3).setMessage(error)));
    }

    private void send(DeltaDiscoveryRequest.Builder b) {
      if (first) {
        b.setNode(node());
        first = false;
      }
      out.onNext(b.build());
    }

    DeltaDiscoveryResponse next(String waitingFor) throws InterruptedException {
      return in.next(waitingFor);
    }

    void assertQuiet(String why) throws InterruptedException {
      in.assertQuiet(why);
    }
  }

  /** The admin view over a fixture's tracker and publisher: no reconciler ran, nothing was rejected. */
  private record FixtureView(ProxyStatusTracker tracker, SnapshotPublisher publisher, MeterRegistry meters)
      implements AdminView {
    @Override
    public boolean resetEnabled() {
      return false;
    }

    @Override
    public void resetAll() {
      throw new UnsupportedOperationException("reset is not enabled");
    }

    @Override
    public TranslationResult lastResult() {
      return null;
    }

    @Override
    public Reconciler.Health reconcileHealth() {
      return new Reconciler.Health(true, null, 0, 0, 0);
    }

    @Override
    public String storeWriteFailure() {
      return null;
    }

    @Override
    public Map<String, String> rejectedTasks() {
      return Map.of();
    }

    @Override
    public String trustBundlePem() {
      return "";
    }

    @Override
    public void rotateRoot() {
      throw new UnsupportedOperationException("no CA in this fixture");
    }

    @Override
    public List<SidecarTarget> metricsTargets() {
      return List.of();
    }

    @Override
    public String issueSidecarCredential(String taskArn, String service) {
      throw new UnsupportedOperationException("this fixture issues no credentials");
    }

    @Override
    public String xdsTrust() {
      return null;
    }
  }
}
