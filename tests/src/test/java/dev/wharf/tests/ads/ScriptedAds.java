package dev.wharf.tests.ads;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted ADS client over real gRPC: the test says exactly what to send (nonces, versions, NACKs,
 * initial_resource_versions) and reads each response, or asserts that none comes. SotW or delta.
 */
final class ScriptedAds implements AutoCloseable {
  static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";
  static final String RDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";

  private final ManagedChannel channel;
  private final Node node;
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private StreamObserver<DiscoveryRequest> sotw;
  private StreamObserver<DeltaDiscoveryRequest> delta;
  private volatile Throwable error;

  private ScriptedAds(int port, Node node) {
    this(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build(), node);
  }

  private ScriptedAds(ManagedChannel channel, Node node) {
    this.channel = channel;
    this.node = node;
  }

  /**
   * A SotW client as a Wharf sidecar connects to a secured control plane: TLS trusting only
   * {@code caPem} and accepting only the control plane's URI SAN (as the bootstrap tells Envoy), and
   * {@code credential} (null for none) in the stream's metadata.
   */
  static ScriptedAds secureSotw(int port, String caPem, String credential, Node node) {
    ScriptedAds c = new ScriptedAds(AdsTls.channel(port, caPem, credential), node);
    c.sotw = AggregatedDiscoveryServiceGrpc.newStub(c.channel).streamAggregatedResources(c.observer());
    return c;
  }

  /** The status the server closed the stream with, waiting up to {@code millis}; null if still open. */
  Status closedWith(long millis) {
    long end = System.currentTimeMillis() + millis;
    while (error == null && System.currentTimeMillis() < end) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return error == null ? null : Status.fromThrowable(error);
  }

  static ScriptedAds sotw(int port, String nodeId) {
    return sotw(port, Node.newBuilder().setId(nodeId).build());
  }

  static ScriptedAds sotw(int port, Node node) {
    ScriptedAds c = new ScriptedAds(port, node);
    c.sotw = AggregatedDiscoveryServiceGrpc.newStub(c.channel).streamAggregatedResources(c.observer());
    return c;
  }

  static ScriptedAds delta(int port, String nodeId) {
    ScriptedAds c = new ScriptedAds(port, Node.newBuilder().setId(nodeId).build());
    c.delta = AggregatedDiscoveryServiceGrpc.newStub(c.channel).deltaAggregatedResources(c.observer());
    return c;
  }

  private <T> StreamObserver<T> observer() {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        received.add(value);
      }

      @Override
      public void onError(Throwable t) {
        error = t;
      }

      @Override
      public void onCompleted() {}
    };
  }

  /** SotW request. */
  void request(String type, String version, String nonce, List<String> names) {
    sotw.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type).setVersionInfo(version)
        .setResponseNonce(nonce).addAllResourceNames(names).build());
  }

  /** SotW ACK of {@code r}. */
  void ack(DiscoveryResponse r, List<String> names) {
    request(r.getTypeUrl(), r.getVersionInfo(), r.getNonce(), names);
  }

  /** SotW NACK of {@code r}: the previous version, the nonce, and error_detail. */
  void nack(DiscoveryResponse r, String previousVersion, List<String> names, String error) {
    sotw.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(r.getTypeUrl())
        .setVersionInfo(previousVersion).setResponseNonce(r.getNonce()).addAllResourceNames(names)
        // qualified: two types named Status are used here
        .setErrorDetail(com.google.rpc.Status.newBuilder().setCode(3).setMessage(error)).build());
  }

  void deltaRequest(DeltaDiscoveryRequest.Builder b) {
    delta.onNext(b.setNode(node).build());
  }

  /** Delta subscription (first request of a type), with the versions held from an earlier stream. */
  void subscribe(String type, List<String> names, Map<String, String> initialVersions) {
    deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(type).addAllResourceNamesSubscribe(names)
        .putAllInitialResourceVersions(initialVersions));
  }

  void deltaAck(DeltaDiscoveryResponse r) {
    deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setResponseNonce(r.getNonce()));
  }

  void deltaNack(DeltaDiscoveryResponse r, String error) {
    deltaRequest(DeltaDiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setResponseNonce(r.getNonce())
        // qualified: two types named Status are used here
        .setErrorDetail(com.google.rpc.Status.newBuilder().setCode(3).setMessage(error)));
  }

  DiscoveryResponse next() {
    return (DiscoveryResponse) take(5000);
  }

  DeltaDiscoveryResponse nextDelta() {
    return (DeltaDiscoveryResponse) take(5000);
  }

  /** The next response, which must be of {@code type}. */
  DiscoveryResponse next(String type) {
    DiscoveryResponse r = next();
    if (!r.getTypeUrl().equals(type)) {
      throw new AssertionError("expected a " + type + " response, got " + r.getTypeUrl());
    }
    return r;
  }

  /** Asserts that nothing arrives within {@code millis}. */
  void expectNothing(long millis) {
    Object o = poll(millis);
    if (o != null) {
      throw new AssertionError("expected no response, got " + o);
    }
  }

  /** Responses received within {@code millis}. */
  int drain(long millis) {
    int n = 0;
    while (poll(millis) != null) {
      n++;
    }
    return n;
  }

  private Object take(long millis) {
    Object o = poll(millis);
    if (o == null) {
      throw new AssertionError(
          "no response within " + millis + " ms" + (error == null ? "" : "; stream error " + error));
    }
    return o;
  }

  private Object poll(long millis) {
    try {
      return received.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Everything received until nothing arrives for {@code millis}. */
  List<Object> all(long millis) {
    List<Object> out = new ArrayList<>();
    Object o;
    while ((o = poll(millis)) != null) {
      out.add(o);
    }
    return out;
  }

  private boolean closed;

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sotw != null) {
      sotw.onCompleted();
    }
    if (delta != null) {
      delta.onCompleted();
    }
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
