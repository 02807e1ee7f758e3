package dev.wharf.controlplane.xds;

import dev.wharf.controlplane.xds.TypeState.Plan;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A state-of-the-world ADS stream. CDS and LDS responses list every resource; EDS and RDS responses
 * carry only what the proxy lacks or holds in another version (the xDS protocol allows this for
 * every type but Listener and Cluster), so an endpoint change costs one assignment per proxy. The
 * version_info of a first request is honoured: a reconnecting proxy that holds the current version
 * is sent nothing.
 */
final class SotwStream extends AdsStream {
  private static final String UNION = "mbb-";

  SotwStream(AdsContext ctx, ServerCallStreamObserver<DiscoveryResponse> call) {
    super(ctx, call);
  }

  StreamObserver<DiscoveryRequest> requests() {
    return inbound(this::handle);
  }

  @Override
  boolean delta() {
    return false;
  }

  private void handle(DiscoveryRequest r) {
    TypeState s = receive(r.hasNode() ? r.getNode() : null, r.getTypeUrl(), c -> c.onV3StreamRequest(id, r));
    if (s == null) {
      return;
    }
    String nonce = r.getResponseNonce();
    if (!nonce.isEmpty()) {
      boolean stale = !nonce.equals(s.latestNonce);
      answer(s, nonce, r.getVersionInfo(), r.hasErrorDetail() ? r.getErrorDetail().getMessage() : null);
      if (stale) {
        return; // the proxy will answer the newest response too
      }
    } else if (!s.subscribed || s.latestNonce == null) {
      s.subscribed = true;
      String v = r.getVersionInfo();
      s.claimedVersion = v.isEmpty() ? null : v;
      s.mustRespond = v.isEmpty();
    }
    subscription(s, r);
  }

  private void subscription(TypeState s, DiscoveryRequest r) {
    boolean wildcard = s.type.fullState()
        && (r.getResourceNamesCount() == 0 || r.getResourceNamesList().contains("*"));
    if (wildcard) {
      s.wildcard = true;
      return;
    }
    s.wildcard = false;
    if (sameNames(s.names, r.getResourceNamesList())) {
      return; // the usual ACK: Envoy repeats every subscribed name
    }
    Set<String> next = new HashSet<>(r.getResourceNamesList());
    for (String n : next) {
      if (!s.names.contains(n)) {
        s.subscribe(n, null);
      }
    }
    for (String n : s.names) {
      if (!next.contains(n)) {
        s.unsubscribe(n);
      }
    }
    s.names = ctx.intern(next);
  }

  private static boolean sameNames(Set<String> current, List<String> requested) {
    if (current.size() != requested.size()) {
      return false;
    }
    for (String n : requested) {
      if (!current.contains(n)) {
        return false;
      }
    }
    return true;
  }

  @Override
  int send(TypeState s, TypeSnapshot cur, Plan plan, Map<String, String> deferred, String nonce) {
    DiscoveryResponse.Builder b = DiscoveryResponse.newBuilder().setTypeUrl(s.type.typeUrl()).setNonce(nonce);
    String version = cur.version();
    if (s.type.fullState()) {
      for (XdsResource r : cur.all()) {
        if (s.has(r.name())) {
          b.addResources(r.any());
        }
      }
      // Make-before-break: clusters about to be removed stay until listeners and routes moved off them.
      for (String n : deferred.keySet()) {
        XdsResource old = s.base == null ? null : s.base.get(n);
        if (old != null) {
          b.addResources(old.any());
        }
      }
      if (!deferred.isEmpty()) {
        version = UNION + version;
      }
    } else {
      for (XdsResource r : plan.upserts()) {
        b.addResources(r.any());
      }
    }
    DiscoveryResponse resp = b.setVersionInfo(version).build();
    s.sentVersion = version;
    sendMessage(resp);
    ctx.each(c -> c.onV3StreamResponse(id, null, resp));
    return resp.getSerializedSize();
  }
}
