package dev.wharf.tests.scale;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wharf.bootstrap.NodeIdentity;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A sidecar as Envoy behaves on a delta ADS stream, minus the data plane: it subscribes to clusters
 * and listeners (wildcard), then to the assignment of every EDS cluster it learns, and ACKs every
 * response. It records the endpoint addresses of each assignment it holds. Route tables are not
 * requested (nothing here reads them). Thread-safe: responses arrive on gRPC threads.
 */
final class SimulatedSidecar implements AutoCloseable {
  static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";

  private final NodeIdentity identity;
  private final StreamObserver<DeltaDiscoveryRequest> requests;
  private final Set<String> edsSubscribed = new TreeSet<>();
  private final Map<String, Set<String>> endpoints = new HashMap<>();
  private volatile Throwable error;
  private volatile boolean ended;

  SimulatedSidecar(ManagedChannel channel, NodeIdentity identity) {
    this.identity = identity;
    this.requests = AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(new StreamObserver<>() {
      @Override
      public void onNext(DeltaDiscoveryResponse r) {
        handle(r);
      }

      @Override
      public void onError(Throwable t) {
        error = t;
        ended = true;
      }

      @Override
      public void onCompleted() {
        ended = true;
      }
    });
    send(DeltaDiscoveryRequest.newBuilder().setNode(identity.toNode()).setTypeUrl(CDS));
    send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LDS));
  }

  NodeIdentity identity() {
    return identity;
  }

  /** The endpoint addresses ({@code ip:port}) of the assignment named {@code cluster}; null if not held. */
  synchronized Set<String> endpoints(String cluster) {
    Set<String> e = endpoints.get(cluster);
    return e == null ? null : new TreeSet<>(e);
  }

  /** Why the stream ended with an error, or null. */
  Throwable error() {
    return error;
  }

  private synchronized void handle(DeltaDiscoveryResponse r) {
    List<String> newClusters = new ArrayList<>();
    for (Resource res : r.getResourcesList()) {
      try {
        if (r.getTypeUrl().equals(CDS)) {
          Cluster c = res.getResource().unpack(Cluster.class);
          if (c.getType() == Cluster.DiscoveryType.EDS && edsSubscribed.add(c.getName())) {
            newClusters.add(c.getName());
          }
        } else if (r.getTypeUrl().equals(EDS)) {
          ClusterLoadAssignment cla = res.getResource().unpack(ClusterLoadAssignment.class);
          Set<String> addresses = new TreeSet<>();
          for (LocalityLbEndpoints l : cla.getEndpointsList()) {
            for (LbEndpoint e : l.getLbEndpointsList()) {
              var a = e.getEndpoint().getAddress().getSocketAddress();
              addresses.add(a.getAddress() + ":" + a.getPortValue());
            }
          }
          endpoints.put(cla.getClusterName(), addresses);
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
    if (r.getTypeUrl().equals(EDS)) {
      r.getRemovedResourcesList().forEach(endpoints::remove);
    }
    send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(r.getTypeUrl()).setResponseNonce(r.getNonce()));
    if (!newClusters.isEmpty()) {
      send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(EDS).addAllResourceNamesSubscribe(newClusters));
    }
  }

  private synchronized void send(DeltaDiscoveryRequest.Builder b) {
    if (!ended) {
      requests.onNext(b.build());
    }
  }

  /** Ends the stream, as an Envoy that exits does (its task goes away). */
  @Override
  public synchronized void close() {
    if (!ended) {
      ended = true;
      requests.onCompleted();
    }
  }
}
