package dev.wharf.controlplane.xds;

import dev.wharf.controlplane.xds.TypeState.Plan;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A delta (incremental) ADS stream. Per-resource versions are the content hashes, so a reconnecting
 * proxy's {@code initial_resource_versions} are compared with the current snapshot: it is sent what
 * changed, and told in {@code removed_resources} what was deleted while it was away (java-control-plane
 * 1.0.49 ignores them, issue #463). A first subscription is always answered, even when the group has
 * no resources of that type, so a sidecar with an empty group still finishes initializing.
 */
final class DeltaStream extends AdsStream {
  DeltaStream(AdsContext ctx, ServerCallStreamObserver<DeltaDiscoveryResponse> call) {
    super(ctx, call);
  }

  StreamObserver<DeltaDiscoveryRequest> requests() {
    return inbound(this::handle);
  }

  @Override
  boolean delta() {
    return true;
  }

  private void handle(DeltaDiscoveryRequest r) {
    TypeState s = receive(r.hasNode() ? r.getNode() : null, r.getTypeUrl(), c -> c.onV3StreamDeltaRequest(id, r));
    if (s == null) {
      return;
    }
    XdsType t = s.type;
    String nonce = r.getResponseNonce();
    if (!nonce.isEmpty()) {
      answer(s, nonce, null, r.hasErrorDetail() ? r.getErrorDetail().getMessage() : null);
    }
    Map<String, String> initial = r.getInitialResourceVersionsMap();
    if (!s.subscribed) {
      firstSubscription(s, r, initial);
    }
    Set<String> next = null;
    for (String n : r.getResourceNamesSubscribeList()) {
      if (n.equals("*")) {
        s.wildcard = t.fullState();
        continue;
      }
      if (next == null) {
        next = new HashSet<>(s.names);
      }
      if (next.add(n) && !initial.containsKey(n)) {
        s.subscribe(n, null);
      }
    }
    for (String n : r.getResourceNamesUnsubscribeList()) {
      if (next == null) {
        next = new HashSet<>(s.names);
      }
      if (next.remove(n)) {
        s.unsubscribe(n);
      }
    }
    if (next != null) {
      s.names = ctx.intern(next);
    }
  }

  /** A type's first request on this stream: wildcard or not, and what a reconnecting proxy holds. */
  private void firstSubscription(TypeState s, DeltaDiscoveryRequest r, Map<String, String> initial) {
    XdsType t = s.type;
    s.subscribed = true;
    s.wildcard = t.fullState() && (r.getResourceNamesSubscribeCount() == 0
        || r.getResourceNamesSubscribeList().contains("*"));
    s.mustRespond = initial.isEmpty();
    s.base = null;
    // A reconnecting proxy says what it holds. What equals the current snapshot needs no
    // bookkeeping: hold the snapshot as the base and remember only the names that differ, so a
    // reconnect storm of thousands of proxies holding 1,000 resources each costs no per-name maps.
    GroupSnapshot g = group == null ? null : ctx.store().get(group);
    TypeSnapshot cur = g == null ? null : g.get(t);
    if (cur != null && !initial.isEmpty()) {
      s.base = cur;
      initial.forEach((name, version) -> {
        if (!version.equals(cur.versionOf(name))) {
          s.subscribe(name, version);
        }
      });
      if (s.wildcard) {
        for (XdsResource r0 : cur.all()) {
          if (!initial.containsKey(r0.name())) {
            s.subscribe(r0.name(), null);
          }
        }
      }
    } else {
      initial.forEach(s::subscribe);
    }
  }

  @Override
  int send(TypeState s, TypeSnapshot cur, Plan plan, Map<String, String> deferred, String nonce) {
    DeltaDiscoveryResponse.Builder b = DeltaDiscoveryResponse.newBuilder()
        .setTypeUrl(s.type.typeUrl())
        .setNonce(nonce)
        .setSystemVersionInfo(cur.version());
    for (XdsResource r : plan.upserts()) {
      b.addResources(r.delta());
    }
    b.addAllRemovedResources(plan.removals());
    DeltaDiscoveryResponse resp = b.build();
    s.sentVersion = cur.version();
    sendMessage(resp);
    ctx.each(c -> c.onV3StreamDeltaResponse(id, null, resp));
    return resp.getSerializedSize();
  }
}
