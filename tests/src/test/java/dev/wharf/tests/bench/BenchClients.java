package dev.wharf.tests.bench;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The K simulated proxies of the benchmark, in their own JVM: each is one SotW ADS stream that behaves
 * like Envoy (CDS wildcard → EDS for every cluster → LDS → RDS for every HTTP listener, ACK every
 * response) and records when it received each version of the watched cluster's assignment.
 *
 * <p>Protocol with {@link XdsBench} over stdin/stdout: prints {@code SYNCED <nanos>} when all K hold
 * the whole config; reads {@code EXPECT <n> <endpoints> <t0 nanos>} and prints
 * {@code CONVERGED <n> <p50 ms> <p99 ms> <max ms> <bytes per proxy>} once all K hold the assignment
 * with that endpoint count (System.nanoTime is CLOCK_MONOTONIC on Linux: comparable across JVMs).
 */
public final class BenchClients {
  static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";
  static final String RDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";

  /** Parsed facts about resource bytes, shared by all clients (they receive identical bytes). */
  private static final Map<ByteString, String> CLUSTER_NAME = new ConcurrentHashMap<>();
  private static final Map<ByteString, long[]> CLA = new ConcurrentHashMap<>();
  private static final Map<ByteString, String> ROUTE_OF_LISTENER = new ConcurrentHashMap<>();
  private static final AtomicLong BYTES = new AtomicLong();
  /** Names as small ints, so each client tracks what it holds in bit sets (K=5000 × S=1000 fits). */
  private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();
  private static final Map<List<String>, List<String>> LISTS = new ConcurrentHashMap<>();

  private static int id(String name) {
    return IDS.computeIfAbsent(name, n -> IDS.size());
  }

  private static List<String> shared(List<String> names) {
    return LISTS.computeIfAbsent(names, n -> n);
  }

  private final String watched;
  private final Proxy[] clients;
  private boolean delta;

  /** A simulated proxy. */
  private interface Proxy {
    void start();

    boolean synced();

    long watchedCount();

    long watchedAt();
  }

  private BenchClients(int k, String watched) {
    this.watched = watched;
    this.clients = new Proxy[k];
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int k = Integer.parseInt(args[1]);
    String watched = args[2];
    boolean delta = args.length > 3 && args[3].equals("delta");
    BenchClients b = new BenchClients(k, watched);
    b.delta = delta;
    b.run(port);
  }

  private void run(int port) throws Exception {
    EventLoopGroup loop = new NioEventLoopGroup(2);
    int nChannels = Math.max(1, clients.length / 25);
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < nChannels; i++) {
      channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().eventLoopGroup(loop)
          .channelType(NioSocketChannel.class).directExecutor().maxInboundMessageSize(256 << 20).build());
    }
    for (int i = 0; i < clients.length; i++) {
      clients[i] = delta ? new DeltaClient("client-" + i, channels.get(i % nChannels))
          : new Client("client-" + i, channels.get(i % nChannels));
    }
    for (Proxy c : clients) {
      c.start();
    }
    while (!Arrays.stream(clients).allMatch(Proxy::synced)) {
      Thread.sleep(5);
    }
    System.out.println("SYNCED " + System.nanoTime());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] f = line.trim().split(" ");
      if (f[0].equals("EXPECT")) {
        converge(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]));
      } else if (f[0].equals("QUIT")) {
        break;
      }
    }
    System.exit(0);
  }

  private void converge(String n, long endpoints, long t0) throws InterruptedException {
    long bytesBefore = BYTES.get();
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (true) {
      boolean all = true;
      for (Proxy c : clients) {
        if (c.watchedCount() != endpoints || c.watchedAt() < t0) {
          all = false;
          break;
        }
      }
      if (all || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(1);
    }
    Thread.sleep(300); // trailing responses of the same change count towards its bytes
    long[] lat = new long[clients.length];
    for (int i = 0; i < clients.length; i++) {
      lat[i] = clients[i].watchedCount() == endpoints ? clients[i].watchedAt() - t0 : Long.MAX_VALUE;
    }
    Arrays.sort(lat);
    long bytes = (BYTES.get() - bytesBefore) / clients.length;
    System.out.printf("CONVERGED %s %.2f %.2f %.2f %d%n", n, ms(lat[lat.length / 2]),
        ms(lat[Math.min(lat.length - 1, (int) Math.ceil(lat.length * 0.99) - 1)]), ms(lat[lat.length - 1]), bytes);
    System.out.flush();
  }

  private static double ms(long nanos) {
    return nanos == Long.MAX_VALUE ? -1 : nanos / 1e6;
  }

  /** One simulated Envoy. All callbacks run on the transport thread of its channel, one at a time. */
  private final class Client implements StreamObserver<DiscoveryResponse>, Proxy {
    private final Node node;
    private final ManagedChannel channel;
    private StreamObserver<DiscoveryRequest> out;
    private List<String> edsNames;
    private List<String> rdsNames;
    private final BitSet edsHave = new BitSet();
    private final BitSet rdsHave = new BitSet();
    private volatile int edsCount;
    private volatile int rdsCount;
    private boolean ldsRequested;
    private volatile boolean cds;
    private volatile boolean lds;
    volatile long watchedCount = -1;
    volatile long watchedAt;
    private String edsNonce = "";
    private String edsVersion = "";
    private String rdsNonce = "";
    private String rdsVersion = "";

    Client(String id, ManagedChannel channel) {
      this.node = Node.newBuilder().setId(id).setCluster("bench").build();
      this.channel = channel;
    }

    @Override
    public long watchedCount() {
      return watchedCount;
    }

    @Override
    public long watchedAt() {
      return watchedAt;
    }

    @Override
    public void start() {
      out = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(this);
      send(CDS, "", "", List.of());
    }

    @Override
    public boolean synced() {
      return cds && lds && edsNames != null && rdsNames != null
          && edsCount >= edsNames.size() && rdsCount >= rdsNames.size();
    }

    private void send(String type, String version, String nonce, List<String> names) {
      out.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type).setVersionInfo(version)
          .setResponseNonce(nonce).addAllResourceNames(names).build());
    }

    @Override
    public void onNext(DiscoveryResponse r) {
      BYTES.addAndGet(r.getSerializedSize());
      switch (r.getTypeUrl()) {
        case CDS -> onClusters(r);
        case EDS -> onAssignments(r);
        case LDS -> onListeners(r);
        case RDS -> onRoutes(r);
        default -> { }
      }
    }

    /** ACKs the clusters, subscribes EDS to all of them when the set changed, and asks for LDS once. */
    private void onClusters(DiscoveryResponse r) {
      List<String> names = new ArrayList<>();
      for (Any a : r.getResourcesList()) {
        names.add(CLUSTER_NAME.computeIfAbsent(a.getValue(), BenchClients::clusterName));
      }
      send(CDS, r.getVersionInfo(), r.getNonce(), List.of());
      cds = true;
      if (!names.equals(edsNames)) {
        edsNames = shared(names);
        send(EDS, edsVersion, edsNonce, names);
      }
      if (!ldsRequested) {
        ldsRequested = true;
        send(LDS, "", "", List.of());
      }
    }

    /** Records the watched assignment's arrival, counts the assignments held, and ACKs. */
    private void onAssignments(DiscoveryResponse r) {
      for (Any a : r.getResourcesList()) {
        long[] facts = CLA.computeIfAbsent(a.getValue(), v -> claFacts(v, watched));
        if (facts[0] == 1) {
          watchedAt = System.nanoTime();
          watchedCount = facts[1];
        }
        if (edsCount < edsNames.size()) {
          edsHave.set(id(claName(a.getValue())));
          edsCount = edsHave.cardinality();
        }
      }
      edsNonce = r.getNonce();
      edsVersion = r.getVersionInfo();
      send(EDS, edsVersion, edsNonce, edsNames);
    }

    /** ACKs the listeners and subscribes RDS to their route configurations when that set changed. */
    private void onListeners(DiscoveryResponse r) {
      List<String> routes = new ArrayList<>();
      for (Any a : r.getResourcesList()) {
        String route = ROUTE_OF_LISTENER.computeIfAbsent(a.getValue(), BenchClients::routeOf);
        if (!route.isEmpty()) {
          routes.add(route);
        }
      }
      send(LDS, r.getVersionInfo(), r.getNonce(), List.of());
      lds = true;
      if (!routes.equals(rdsNames)) {
        rdsNames = shared(routes);
        send(RDS, rdsVersion, rdsNonce, routes);
      }
    }

    /** Counts the route configurations held and ACKs. */
    private void onRoutes(DiscoveryResponse r) {
      for (Any a : r.getResourcesList()) {
        if (rdsCount < rdsNames.size()) {
          rdsHave.set(id(routeName(a.getValue())));
          rdsCount = rdsHave.cardinality();
        }
      }
      rdsNonce = r.getNonce();
      rdsVersion = r.getVersionInfo();
      send(RDS, rdsVersion, rdsNonce, rdsNames);
    }

    @Override
    public void onError(Throwable t) {
      System.err.println(node.getId() + ": stream failed: " + t);
    }

    @Override
    public void onCompleted() {}
  }

  /** A simulated Envoy on delta ADS (DELTA_GRPC): wildcard CDS/LDS, named EDS/RDS, ACKs everything. */
  private final class DeltaClient implements StreamObserver<DeltaDiscoveryResponse>, Proxy {
    private final Node node;
    private final ManagedChannel channel;
    private StreamObserver<DeltaDiscoveryRequest> out;
    private final BitSet edsHave = new BitSet();
    private final BitSet rdsHave = new BitSet();
    private final BitSet edsSubscribed = new BitSet();
    private final BitSet rdsSubscribed = new BitSet();
    private volatile boolean cds;
    private volatile boolean lds;
    private boolean ldsRequested;
    private volatile boolean complete;
    volatile long watchedCount = -1;
    volatile long watchedAt;

    DeltaClient(String id, ManagedChannel channel) {
      this.node = Node.newBuilder().setId(id).setCluster("bench").build();
      this.channel = channel;
    }

    @Override
    public long watchedCount() {
      return watchedCount;
    }

    @Override
    public long watchedAt() {
      return watchedAt;
    }

    @Override
    public void start() {
      out = AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(this);
      out.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CDS).build());
    }

    @Override
    public boolean synced() {
      return complete;
    }

    private void ack(DeltaDiscoveryResponse r) {
      out.onNext(DeltaDiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setResponseNonce(r.getNonce()).build());
    }

    private void subscribe(String type, List<String> names) {
      out.onNext(DeltaDiscoveryRequest.newBuilder().setTypeUrl(type).addAllResourceNamesSubscribe(names).build());
    }

    @Override
    public void onNext(DeltaDiscoveryResponse r) {
      BYTES.addAndGet(r.getSerializedSize());
      switch (r.getTypeUrl()) {
        case CDS -> onClusters(r);
        case EDS -> onAssignments(r);
        case LDS -> onListeners(r);
        case RDS -> onRoutes(r);
        default -> { }
      }
      if (!complete && cds && lds && edsHave.cardinality() >= edsSubscribed.cardinality()
          && rdsHave.cardinality() >= rdsSubscribed.cardinality()) {
        complete = true;
      }
    }

    /** ACKs the clusters, subscribes EDS to the new ones, and asks for LDS once. */
    private void onClusters(DeltaDiscoveryResponse r) {
      List<String> add = new ArrayList<>();
      for (Resource res : r.getResourcesList()) {
        int i = id(res.getName());
        if (!edsSubscribed.get(i)) {
          edsSubscribed.set(i);
          add.add(res.getName());
        }
      }
      ack(r);
      cds = true;
      if (!add.isEmpty()) {
        subscribe(EDS, add);
      }
      if (!ldsRequested) {
        ldsRequested = true;
        out.onNext(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LDS).build());
      }
    }

    /** Records the watched assignment's arrival, marks the assignments held, and ACKs. */
    private void onAssignments(DeltaDiscoveryResponse r) {
      for (Resource res : r.getResourcesList()) {
        long[] facts = CLA.computeIfAbsent(res.getResource().getValue(), v -> claFacts(v, watched));
        if (facts[0] == 1) {
          watchedAt = System.nanoTime();
          watchedCount = facts[1];
        }
        edsHave.set(id(res.getName()));
      }
      ack(r);
    }

    /** ACKs the listeners and subscribes RDS to the route configurations not yet subscribed. */
    private void onListeners(DeltaDiscoveryResponse r) {
      List<String> add = new ArrayList<>();
      for (Resource res : r.getResourcesList()) {
        String route = ROUTE_OF_LISTENER.computeIfAbsent(res.getResource().getValue(), BenchClients::routeOf);
        if (!route.isEmpty() && !rdsSubscribed.get(id(route))) {
          rdsSubscribed.set(id(route));
          add.add(route);
        }
      }
      ack(r);
      lds = true;
      if (!add.isEmpty()) {
        subscribe(RDS, add);
      }
    }

    /** Marks the route configurations held and ACKs. */
    private void onRoutes(DeltaDiscoveryResponse r) {
      for (Resource res : r.getResourcesList()) {
        rdsHave.set(id(res.getName()));
      }
      ack(r);
    }

    @Override
    public void onError(Throwable t) {
      System.err.println(node.getId() + ": delta stream failed: " + t);
    }

    @Override
    public void onCompleted() {}
  }

  private static final Map<ByteString, String> CLA_NAME = new ConcurrentHashMap<>();
  private static final Map<ByteString, String> ROUTE_NAME = new ConcurrentHashMap<>();

  private static String claName(ByteString b) {
    return CLA_NAME.computeIfAbsent(b, v -> parse(() -> ClusterLoadAssignment.parseFrom(v).getClusterName()));
  }

  private static String routeName(ByteString b) {
    return ROUTE_NAME.computeIfAbsent(b,
        v -> parse(() -> RouteConfiguration.parseFrom(v).getName()));
  }

  private static String clusterName(ByteString b) {
    return parse(() -> Cluster.parseFrom(b).getName());
  }

  /** {watched ? 1 : 0, endpoint count}. */
  private static long[] claFacts(ByteString b, String watched) {
    return parse(() -> {
      ClusterLoadAssignment c = ClusterLoadAssignment.parseFrom(b);
      long n = 0;
      for (LocalityLbEndpoints l : c.getEndpointsList()) {
        n += l.getLbEndpointsCount();
      }
      return new long[] {c.getClusterName().equals(watched) ? 1 : 0, n};
    });
  }

  private static String routeOf(ByteString b) {
    return parse(() -> {
      Listener l = Listener.parseFrom(b);
      for (FilterChain fc : l.getFilterChainsList()) {
        for (Filter f : fc.getFiltersList()) {
          if (f.getTypedConfig().is(HttpConnectionManager.class)) {
            return f.getTypedConfig().unpack(HttpConnectionManager.class).getRds().getRouteConfigName();
          }
        }
      }
      return "";
    });
  }

  private interface Parse<T> {
    T get() throws InvalidProtocolBufferException;
  }

  private static <T> T parse(Parse<T> p) {
    try {
      return p.get();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
