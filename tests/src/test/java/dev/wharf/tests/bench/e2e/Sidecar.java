package dev.wharf.tests.bench.e2e;

import dev.wharf.bootstrap.NodeIdentity;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.ManagedChannel;
import java.util.Arrays;
import java.util.BitSet;

/**
 * One simulated Envoy sidecar: its task's identity, the configuration it holds (by resource name, as
 * the content-interned {@link Facts}), and what the fleet measures on it. The protocol subclasses
 * ({@link DeltaSidecar}, {@link SotwSidecar}) behave like Envoy: CDS wildcard, then EDS for every EDS
 * cluster, LDS once the clusters are warm, RDS for every listener's route, an ACK for every response,
 * and the node on every request (Wharf's bootstrap keeps {@code set_node_on_first_message_only} false).
 * On a reconnect they announce what they hold, as Envoy does.
 *
 * <p>Threading: all protocol work runs under this object's monitor (gRPC callbacks and the fleet's
 * commands); the measured fields are volatile so that the fleet can poll them without the lock.
 */
abstract class Sidecar {
  static final int CDS = 0;
  static final int EDS = 1;
  static final int LDS = 2;
  static final int RDS = 3;
  static final String[] TYPE_URLS = {Facts.CDS, Facts.EDS, Facts.LDS, Facts.RDS};

  final int service;
  final NodeIdentity identity;
  final Node node;
  private final Fleet fleet;
  /** Held resources per type, indexed by {@link Facts#id}; null where nothing is held. */
  private final Facts[][] held = new Facts[4][];
  /** Delta only: the version of each held resource, parallel to {@link #held}. */
  final String[][] versions = new String[4][];
  final BitSet edsSubscribed = new BitSet();
  final BitSet rdsSubscribed = new BitSet();
  boolean cdsReceived;
  boolean ldsRequested;

  volatile boolean open;
  volatile long lastResponseAt;
  /** {@code System.nanoTime()} when the expected configuration was first complete, 0 before. */
  volatile long configuredAt;
  /** The epoch of the last {@link Watch} this sidecar satisfied, and when it ACKed it. */
  volatile int watchEpoch;
  volatile long watchAt;
  /** Restart accounting since {@link #resetCounters()}: bytes of resources re-sent unchanged / changed. */
  volatile long unchangedBytes;
  volatile long changedBytes;
  volatile long responseBytes;

  Sidecar(Fleet fleet, int service, NodeIdentity identity) {
    this.fleet = fleet;
    this.service = service;
    this.identity = identity;
    this.node = identity.toNode();
    for (int t = 0; t < 4; t++) {
      held[t] = new Facts[64];
      versions[t] = new String[64];
    }
  }

  /** Opens a new ADS stream on {@code channel}; {@code resume}: announce what is held (reconnect). */
  abstract void connect(ManagedChannel channel, boolean resume);

  /** Cancels the stream (used for a sidecar whose task leaves on a channel it does not own). */
  abstract void cancel();

  /** The held resource of type {@code t} named {@code id}, or null. */
  final Facts held(int t, int id) {
    Facts[] h = held[t];
    return id < h.length ? h[id] : null;
  }

  /** Ids of the held resources of type {@code t}. */
  final BitSet heldIds(int t) {
    BitSet b = new BitSet();
    Facts[] h = held[t];
    for (int i = 0; i < h.length; i++) {
      if (h[i] != null) {
        b.set(i);
      }
    }
    return b;
  }

  /** Stores a received resource, counting its bytes as unchanged or changed content. */
  final void put(int t, Facts f, String version) {
    grow(t, f.nameId());
    Facts before = held[t][f.nameId()];
    if (before == f) {
      unchangedBytes += f.size();
    } else {
      changedBytes += f.size();
    }
    held[t][f.nameId()] = f;
    versions[t][f.nameId()] = version;
  }

  /** Forgets a held resource. */
  final void remove(int t, int id) {
    if (id < held[t].length) {
      held[t][id] = null;
      versions[t][id] = null;
    }
  }

  private void grow(int t, int id) {
    if (id >= held[t].length) {
      int n = Math.max(id + 1, held[t].length * 2);
      held[t] = Arrays.copyOf(held[t], n);
      versions[t] = Arrays.copyOf(versions[t], n);
    }
  }

  /** Zeroes the restart counters (before a reconnect storm). */
  final synchronized void resetCounters() {
    unchangedBytes = 0;
    changedBytes = 0;
    responseBytes = 0;
  }

  /** EDS names that held EDS clusters read and that are not subscribed yet. */
  final BitSet edsWanted() {
    BitSet want = new BitSet();
    Facts[] h = held[CDS];
    for (Facts c : h) {
      if (c != null && c.eds() >= 0) {
        want.set(c.eds());
      }
    }
    return want;
  }

  /** Route names that held listeners read. */
  final BitSet rdsWanted() {
    BitSet want = new BitSet();
    for (Facts l : held[LDS]) {
      if (l != null && l.route() >= 0) {
        want.set(l.route());
      }
    }
    return want;
  }

  /** True once CDS arrived and every subscribed assignment is held: Envoy's cluster warm-up is over. */
  final boolean clustersWarm() {
    if (!cdsReceived) {
      return false;
    }
    for (int i = edsSubscribed.nextSetBit(0); i >= 0; i = edsSubscribed.nextSetBit(i + 1)) {
      if (held(EDS, i) == null) {
        return false;
      }
    }
    return true;
  }

  /** Called after each response was handled and ACKed: records progress for the fleet. */
  final void afterResponse(int bytes) {
    responseBytes += bytes;
    long now = System.nanoTime();
    lastResponseAt = now;
    Watch w = fleet.watch();
    if (w != null && watchEpoch != w.epoch() && w.satisfiedBy(this)) {
      watchAt = now;
      watchEpoch = w.epoch();
    }
    if (configuredAt == 0 && fleet.expectation().metBy(this)) {
      configuredAt = now;
    }
  }

  /** The stream ended (server gone, or cancelled). */
  final void streamEnded(Throwable error) {
    open = false;
    fleet.streamEnded(this, error);
  }

  /** The node id (task ARN). */
  @Override
  public String toString() {
    return node.getId();
  }
}
