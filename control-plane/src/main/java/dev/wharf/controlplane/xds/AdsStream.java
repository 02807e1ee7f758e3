package dev.wharf.controlplane.xds;

import dev.wharf.bootstrap.NodeIdentity;
import dev.wharf.controlplane.auth.SidecarCredentials;
import dev.wharf.controlplane.xds.TypeState.Plan;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ADS stream (one proxy connection), state of the world or delta. Everything about the stream
 * runs on its own {@link SerialExecutor}: requests, snapshot wake-ups and flow-control wake-ups.
 *
 * <p>Pushing: the stream compares what the proxy holds ({@link TypeState}) with its group's current
 * {@link GroupSnapshot} and sends one response at a time, while gRPC says the proxy is reading
 * ({@code isReady}); a proxy that stops reading simply stops being sent to (its transport buffers
 * stay bounded), and {@link SnapshotStore#set} only flags the stream, so nobody waits for it. Several
 * snapshots published while a stream is busy collapse into one push of the newest.
 *
 * <p>Order (make-before-break, as the xDS protocol asks): secrets (spec 56; before the clusters and
 * listeners that name them), cluster additions and changes, then endpoints (including
 * those of changed clusters, which Envoy re-warms), then listeners, then routes, and cluster removals
 * last. A NACKed snapshot is never resent; the next different one is. Inbound requests are read one at
 * a time ({@code request(1)} after each), so a stream's queue stays bounded too.
 */
abstract class AdsStream {
  private static final Logger LOG = LoggerFactory.getLogger(AdsStream.class);

  /** The push steps: type, and whether this step sends additions (else only deferred removals). */
  private record Step(XdsType type, boolean upserts) {}

  private static final Step[] STEPS = {
    new Step(XdsType.SECRET, true), new Step(XdsType.CLUSTER, true), new Step(XdsType.ENDPOINT, true),
    new Step(XdsType.LISTENER, true),
    new Step(XdsType.ROUTE, true), new Step(XdsType.CLUSTER, false)};

  final long id;
  final AdsContext ctx;
  private final ServerCallStreamObserver<?> call;
  private final SerialExecutor exec;
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  /** Holds an {@link Admission} permit (until its first message is handled). */
  private final AtomicBoolean admitted = new AtomicBoolean();
  final EnumMap<XdsType, TypeState> types = new EnumMap<>(XdsType.class);
  private long nonces;
  /** The verdict on the credential the stream presented (null when the server checks none). */
  private final SidecarCredentials.Verdict verdict = SidecarAuthInterceptor.VERDICT.get();
  Node node;
  String group;
  private boolean closed;
  /** Response bytes this stream took from the {@link SendBudget} and has not given back. */
  private long taken;
  /** The snapshot of the last push, to tell a snapshot-caused push (latency metric) from a request. */
  private GroupSnapshot lastPushed;

  AdsStream(AdsContext ctx, ServerCallStreamObserver<?> call) {
    this.id = ctx.nextStreamId();
    this.ctx = ctx;
    this.call = call;
    this.exec = new SerialExecutor(ctx.pool());
    for (XdsType t : XdsType.values()) {
      types.put(t, new TypeState(t));
    }
    call.disableAutoRequest();
    call.setOnReadyHandler(this::wake);
    call.setOnCancelHandler(() -> exec.execute(() -> close(null)));
    ctx.admission().admit(this::askFirst);
  }

  abstract boolean delta();

  /** The request side, for the gRPC service to return. */
  <Q> StreamObserver<Q> inbound(Consumer<Q> handler) {
    return new StreamObserver<>() {
      @Override
      public void onNext(Q request) {
        exec.execute(() -> {
          if (closed) {
            return;
          }
          try {
            handler.accept(request);
            push();
          } catch (Refused r) {
            LOG.warn("ADS stream {}: refused: {}", id, r.status.getDescription());
            refuse(r.status);
            return;
          } catch (RuntimeException e) {
            LOG.error("ADS stream {} ({}): failed handling a request", id, group, e);
            fail(e);
            return;
          } finally {
            releaseAdmission();
          }
          call.request(1);
        });
      }

      @Override
      public void onError(Throwable t) {
        exec.execute(() -> close(t));
      }

      @Override
      public void onCompleted() {
        exec.execute(() -> {
          close(null);
          try {
            call.onCompleted();
          } catch (RuntimeException ignored) {
            // already cancelled
          }
        });
      }
    };
  }

  /** With an admission permit: ask for the first message, and give the permit back if none comes soon. */
  private void askFirst() {
    admitted.set(true);
    call.request(1);
    ctx.admission().afterIdleLimit(this::releaseAdmission);
  }

  /** Gives back the admission permit once (first message handled, idle limit passed, or closed). */
  private void releaseAdmission() {
    if (admitted.compareAndSet(true, false)) {
      ctx.admission().release();
    }
  }

  /** Something may need sending (new snapshot, or the transport can take more). Never blocks. */
  void wake() {
    if (wakeQueued.compareAndSet(false, true)) {
      exec.execute(() -> {
        wakeQueued.set(false);
        if (closed) {
          return;
        }
        try {
          push();
        } catch (RuntimeException e) {
          LOG.error("ADS stream {} ({}): failed pushing", id, group, e);
          fail(e);
        }
      });
    }
  }

  /**
   * The first request with a node names the proxy and its group (the node id, a task ARN). A stream
   * that presented a credential may only name the credential's task and service.
   *
   * @throws Refused when the node is not the credential's task
   */
  void identify(Node n) {
    if (node != null || n == null || n.getId().isEmpty()) {
      return;
    }
    if (verdict instanceof SidecarCredentials.Verdict.Valid ok) {
      SidecarCredentials.Claims c = ok.claims();
      NodeIdentity id = NodeIdentity.fromNode(n).orElse(null);
      if (!n.getId().equals(c.taskArn()) || id == null || !id.taskArn().equals(c.taskArn())
          || !c.service().equals(id.serviceName())) {
        throw new Refused(Status.PERMISSION_DENIED.withDescription("the sidecar credential is for task "
            + c.taskArn() + " of service " + c.service() + "; the node names " + n.getId()
            + (id == null ? " without Wharf identity metadata" : " of service " + id.serviceName())));
      }
    }
    node = n;
    group = n.getId();
    ctx.store().attach(group, this);
    ctx.tracker().opened(id, n, delta());
  }

  /**
   * The start every request shares, whichever protocol: learn the node (it is on the first
   * request), run the callbacks, and return the state of the request's type, or null for a type
   * Wharf does not serve.
   */
  TypeState receive(Node n, String typeUrl, AdsContext.Call callback) {
    identify(n);
    ctx.each(callback);
    XdsType t = XdsType.of(typeUrl);
    return t == null ? null : state(t);
  }

  String nextNonce() {
    return Long.toString(++nonces, 36);
  }

  TypeState state(XdsType t) {
    return types.get(t);
  }

  private void push() {
    if (group == null) {
      return;
    }
    GroupSnapshot g = ctx.store().get(group);
    if (g == null) {
      return;
    }
    boolean fromSnapshot = g != lastPushed;
    lastPushed = g;
    while (call.isReady()) {
      // Ready again: what this stream handed to the transport has been written; give it back.
      ctx.budget().give(taken);
      taken = 0;
      if (!ctx.budget().mayTake(this)) {
        return;
      }
      if (!pushOne(g, fromSnapshot)) {
        return;
      }
    }
  }

  /** Sends the first due response; false when nothing is due. */
  private boolean pushOne(GroupSnapshot g, boolean fromSnapshot) {
    for (Step step : STEPS) {
      TypeState s = types.get(step.type());
      TypeSnapshot cur = g.get(step.type());
      if (!s.subscribed || cur.version().equals(s.rejectedVersion)) {
        continue;
      }
      resolveClaim(s, cur);
      Plan plan = s.pending(cur, ctx.placeholders());
      if (plan.isEmpty() && !s.mustRespond) {
        s.settle(cur);
        continue;
      }
      boolean deferRemovals = step.type() == XdsType.CLUSTER && step.upserts();
      if (deferRemovals && plan.upserts().isEmpty() && !s.mustRespond) {
        continue;
      }
      Map<String, String> deferred = new HashMap<>();
      if (deferRemovals) {
        for (String n : plan.removals()) {
          String held = s.held(n);
          if (held != null) {
            deferred.put(n, held);
          }
        }
        plan = new Plan(plan.upserts(), List.of());
      }
      Map<String, String> changedClusters = step.type() == XdsType.CLUSTER ? changedClusters(s, plan) : Map.of();
      String nonce = nextNonce();
      int bytes = send(s, cur, plan, deferred, nonce);
      ctx.budget().take(bytes);
      taken += bytes;
      String version = s.sentVersion;
      s.sent(cur, plan, deferred, nonce, version);
      // Envoy re-warms a changed cluster and waits for its endpoints: send them right after.
      TypeState eds = types.get(XdsType.ENDPOINT);
      changedClusters.forEach((cluster, edsName) -> {
        if (eds.subscribed && eds.has(edsName)) {
          eds.subscribe(edsName, null);
        }
      });
      ctx.tracker().sent(id, step.type(), version, plan.upserts().size(), bytes,
          fromSnapshot ? System.nanoTime() - g.publishedNanos() : -1);
      return true;
    }
    return false;
  }

  /** Clusters in {@code plan} that the proxy already held (changed, not new): name → EDS name. */
  private static Map<String, String> changedClusters(TypeState s, Plan plan) {
    Map<String, String> out = new HashMap<>();
    for (XdsResource r : plan.upserts()) {
      if (s.held(r.name()) != null && r.message() instanceof Cluster c && c.getType() == Cluster.DiscoveryType.EDS) {
        out.put(r.name(), ResourceValidator.edsName(c));
      }
    }
    return out;
  }

  /** SotW: a first request's version_info equal to the snapshot's means the proxy holds it all. */
  private static void resolveClaim(TypeState s, TypeSnapshot cur) {
    if (s.claimedVersion == null) {
      return;
    }
    if (s.claimedVersion.equals(cur.version())) {
      s.base = cur;
      s.overrides.keySet().removeIf(n -> cur.get(n) != null);
      s.mustRespond = false;
    } else {
      s.mustRespond = true;
    }
    s.claimedVersion = null;
  }

  /**
   * Builds and sends one response; sets {@code s.sentVersion} to the version_info it carries; returns
   * its size in bytes.
   */
  abstract int send(TypeState s, TypeSnapshot cur, Plan plan, Map<String, String> deferred, String nonce);

  void sendMessage(Object response) {
    @SuppressWarnings("unchecked")
    ServerCallStreamObserver<Object> out = (ServerCallStreamObserver<Object>) call;
    out.onNext(response);
  }

  /** An ACK or NACK of {@code nonce} for {@code s}; stale nonces are ignored (counted only). */
  void answer(TypeState s, String nonce, String version, String error) {
    if (!nonce.equals(s.latestNonce)) {
      if (error != null) {
        ctx.tracker().nacked(id, s.type, version, error, true);
      }
      return;
    }
    if (error == null) {
      s.acked();
      ctx.tracker().acked(id, s.type, version == null ? s.sentVersion : version);
    } else {
      String rejected = s.sentVersion;
      s.nacked();
      ctx.tracker().nacked(id, s.type, rejected, error, false);
    }
  }

  /** The stream is refused (its node is not its credential's): closed with {@code status}, nothing registered. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Status status;

    Refused(Status status) {
      super(status.getDescription(), null, false, false);
      this.status = status;
    }
  }

  private void refuse(Status status) {
    close(null);
    try {
      call.onError(status.asRuntimeException());
    } catch (RuntimeException ignored) {
      // already closed
    }
  }

  private void fail(Throwable t) {
    close(t);
    try {
      call.onError(Status.INTERNAL.withDescription(String.valueOf(t.getMessage())).asRuntimeException());
    } catch (RuntimeException ignored) {
      // already closed
    }
  }

  private void close(Throwable error) {
    if (closed) {
      return;
    }
    closed = true;
    releaseAdmission();
    ctx.budget().give(taken);
    taken = 0;
    if (group != null) {
      ctx.store().detach(group, this);
    }
    ctx.tracker().closed(id);
    ctx.closed(id, error);
  }
}
