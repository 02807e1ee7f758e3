package dev.wharf.tests.bench.e2e;

import com.google.protobuf.Any;
import dev.wharf.bootstrap.NodeIdentity;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A simulated Envoy on state-of-the-world ADS ({@code GRPC}): CDS and LDS responses replace the whole
 * set; EDS and RDS responses update the named resources they carry; every ACK repeats the type's
 * version, nonce and full list of subscribed names, as Envoy does. On a reconnect every type is
 * re-requested at once with the {@code version_info} last accepted and no nonce.
 */
final class SotwSidecar extends Sidecar {
  private StreamObserver<DiscoveryRequest> out;
  private ClientCallStreamObserver<DiscoveryRequest> call;
  private final String[] version = {"", "", "", ""};
  private final String[] nonce = {"", "", "", ""};

  SotwSidecar(Fleet fleet, int service, NodeIdentity identity) {
    super(fleet, service, identity);
  }

  @Override
  synchronized void connect(ManagedChannel channel, boolean resume) {
    open = true;
    out = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new Observer());
    Arrays.fill(nonce, "");
    if (!resume) {
      send(CDS);
      return;
    }
    send(CDS);
    if (!edsSubscribed.isEmpty()) {
      send(EDS);
    }
    if (ldsRequested) {
      send(LDS);
    }
    if (!rdsSubscribed.isEmpty()) {
      send(RDS);
    }
  }

  @Override
  synchronized void cancel() {
    if (call != null) {
      call.cancel("task stopped", null);
    }
  }

  /** A request (or ACK) for type {@code t} with its current version, nonce and subscribed names. */
  private void send(int t) {
    DiscoveryRequest.Builder b = DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(TYPE_URLS[t])
        .setVersionInfo(version[t]).setResponseNonce(nonce[t]);
    BitSet names = t == EDS ? edsSubscribed : t == RDS ? rdsSubscribed : null;
    if (names != null) {
      for (int i = names.nextSetBit(0); i >= 0; i = names.nextSetBit(i + 1)) {
        b.addResourceNames(Facts.name(i));
      }
    }
    out.onNext(b.build());
  }

  private synchronized void onResponse(DiscoveryResponse r) {
    int t = DeltaSidecar.typeIndex(r.getTypeUrl());
    if (t < 0) {
      return;
    }
    List<Facts> got = new ArrayList<>(r.getResourcesCount());
    for (Any a : r.getResourcesList()) {
      got.add(Facts.of(r.getTypeUrl(), a.getValue()));
    }
    if (t == CDS || t == LDS) {
      BitSet keep = new BitSet();
      got.forEach(f -> keep.set(f.nameId()));
      BitSet gone = heldIds(t);
      gone.andNot(keep);
      for (int i = gone.nextSetBit(0); i >= 0; i = gone.nextSetBit(i + 1)) {
        remove(t, i);
      }
    }
    for (Facts f : got) {
      put(t, f, r.getVersionInfo());
    }
    version[t] = r.getVersionInfo();
    nonce[t] = r.getNonce();
    send(t);
    if (t == CDS) {
      cdsReceived = true;
      resubscribe(EDS, edsSubscribed, edsWanted());
    }
    if (t == LDS) {
      resubscribe(RDS, rdsSubscribed, rdsWanted());
    }
    if (!ldsRequested && clustersWarm()) {
      ldsRequested = true;
      send(LDS);
    }
    afterResponse(r.getSerializedSize());
  }

  /** A changed set of names is a new request carrying the whole set. */
  private void resubscribe(int t, BitSet subscribed, BitSet wanted) {
    if (wanted.equals(subscribed)) {
      return;
    }
    BitSet drop = (BitSet) subscribed.clone();
    drop.andNot(wanted);
    for (int i = drop.nextSetBit(0); i >= 0; i = drop.nextSetBit(i + 1)) {
      remove(t, i);
    }
    subscribed.clear();
    subscribed.or(wanted);
    send(t);
  }

  /** The stream's callbacks (on the channel's event loop). */
  private final class Observer implements ClientResponseObserver<DiscoveryRequest, DiscoveryResponse> {
    @Override
    public void beforeStart(ClientCallStreamObserver<DiscoveryRequest> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(DiscoveryResponse r) {
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
