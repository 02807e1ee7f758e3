package dev.wharf.tests.bench.e2e;

import dev.wharf.bootstrap.NodeIdentity;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A simulated Envoy on delta ADS ({@code DELTA_GRPC}): wildcard CDS and LDS, EDS and RDS subscribed
 * by name as clusters and listeners appear (and unsubscribed as they go), every response ACKed. On a
 * reconnect every type is re-requested at once with {@code initial_resource_versions} of what it holds
 * (and, for EDS and RDS, its subscriptions), as Envoy's delta mux does.
 */
final class DeltaSidecar extends Sidecar {
  private StreamObserver<DeltaDiscoveryRequest> out;
  private ClientCallStreamObserver<DeltaDiscoveryRequest> call;

  DeltaSidecar(Fleet fleet, int service, NodeIdentity identity) {
    super(fleet, service, identity);
  }

  @Override
  synchronized void connect(ManagedChannel channel, boolean resume) {
    open = true;
    out = AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(new Observer());
    if (!resume) {
      send(Facts.CDS, null, null, null);
      return;
    }
    for (int t = CDS; t <= RDS; t++) {
      BitSet names = t == EDS ? edsSubscribed : t == RDS ? rdsSubscribed : null;
      if (t == LDS && !ldsRequested || t == RDS && names.isEmpty() || t == EDS && names.isEmpty()) {
        continue;
      }
      DeltaDiscoveryRequest.Builder b = DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(TYPE_URLS[t]);
      BitSet heldNow = heldIds(t);
      for (int i = heldNow.nextSetBit(0); i >= 0; i = heldNow.nextSetBit(i + 1)) {
        b.putInitialResourceVersions(Facts.name(i), versions[t][i]);
      }
      if (names != null) {
        b.addAllResourceNamesSubscribe(names(names));
      }
      out.onNext(b.build());
    }
  }

  @Override
  synchronized void cancel() {
    if (call != null) {
      call.cancel("task stopped", null);
    }
  }

  private void send(String type, String nonce, List<String> subscribe, List<String> unsubscribe) {
    DeltaDiscoveryRequest.Builder b = DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type);
    if (nonce != null) {
      b.setResponseNonce(nonce);
    }
    if (subscribe != null) {
      b.addAllResourceNamesSubscribe(subscribe);
    }
    if (unsubscribe != null) {
      b.addAllResourceNamesUnsubscribe(unsubscribe);
    }
    out.onNext(b.build());
  }

  private static List<String> names(BitSet ids) {
    List<String> n = new ArrayList<>();
    for (int i = ids.nextSetBit(0); i >= 0; i = ids.nextSetBit(i + 1)) {
      n.add(Facts.name(i));
    }
    return n;
  }

  private synchronized void onResponse(DeltaDiscoveryResponse r) {
    int t = typeIndex(r.getTypeUrl());
    if (t < 0) {
      return;
    }
    for (Resource res : r.getResourcesList()) {
      put(t, Facts.of(r.getTypeUrl(), res.getResource().getValue()), res.getVersion());
    }
    for (String gone : r.getRemovedResourcesList()) {
      remove(t, Facts.id(gone));
    }
    send(r.getTypeUrl(), r.getNonce(), null, null);
    if (t == CDS) {
      cdsReceived = true;
      resubscribe(EDS, edsSubscribed, edsWanted());
    }
    if (t == LDS) {
      resubscribe(RDS, rdsSubscribed, rdsWanted());
    }
    if (!ldsRequested && clustersWarm()) {
      ldsRequested = true;
      send(Facts.LDS, null, null, null);
    }
    afterResponse(r.getSerializedSize());
  }

  /** Subscribes what is wanted and not subscribed, unsubscribes what is no longer wanted. */
  private void resubscribe(int t, BitSet subscribed, BitSet wanted) {
    BitSet add = (BitSet) wanted.clone();
    add.andNot(subscribed);
    BitSet drop = (BitSet) subscribed.clone();
    drop.andNot(wanted);
    if (add.isEmpty() && drop.isEmpty()) {
      return;
    }
    subscribed.or(add);
    subscribed.andNot(drop);
    for (int i = drop.nextSetBit(0); i >= 0; i = drop.nextSetBit(i + 1)) {
      remove(t, i);
    }
    send(TYPE_URLS[t], null, names(add), names(drop));
  }

  static int typeIndex(String url) {
    for (int t = CDS; t <= RDS; t++) {
      if (TYPE_URLS[t].equals(url)) {
        return t;
      }
    }
    return -1;
  }

  /** The stream's callbacks (on the channel's event loop). */
  private final class Observer implements ClientResponseObserver<DeltaDiscoveryRequest, DeltaDiscoveryResponse> {
    @Override
    public void beforeStart(ClientCallStreamObserver<DeltaDiscoveryRequest> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(DeltaDiscoveryResponse r) {
      onResponse(r);
    }

    @Override
    public void onError(Throwable t) {
      streamEnded(t);
    }

    @Override
    public void onCompleted() {
      streamEnded(null);
    }
  }
}
