package dev.wharf.controlplane.xds;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link AdsStream} of one server shares: the snapshot store, the status tracker, the
 * callbacks (task sessions), the worker pool, the placeholder cache, and interned subscription sets
 * (thousands of proxies subscribe to the same names; they share one set). Thread-safe.
 */
final class AdsContext {
  private static final Logger LOG = LoggerFactory.getLogger(AdsContext.class);

  private final SnapshotStore store;
  private final ProxyStatusTracker tracker;
  private final List<DiscoveryServerCallbacks> callbacks;
  private final ExecutorService pool;
  private final TypeState.Placeholders placeholders = new TypeState.Placeholders();
  private final AtomicLong streamIds = new AtomicLong();
  private final Map<Set<String>, Set<String>> nameSets = new ConcurrentHashMap<>();
  private final SendBudget budget = SendBudget.defaults();
  /** At most 64 streams with a first request read and not handled (see {@link Admission}). */
  private final Admission admission = new Admission(64);

  AdsContext(SnapshotStore store, ProxyStatusTracker tracker, List<DiscoveryServerCallbacks> callbacks,
      ExecutorService pool) {
    this.store = store;
    this.tracker = tracker;
    this.callbacks = List.copyOf(callbacks);
    this.pool = pool;
  }

  SnapshotStore store() {
    return store;
  }

  ProxyStatusTracker tracker() {
    return tracker;
  }

  ExecutorService pool() {
    return pool;
  }

  /** The server-wide bound on first requests in flight. */
  Admission admission() {
    return admission;
  }

  /** The server-wide bound on response bytes in flight. */
  SendBudget budget() {
    return budget;
  }

  TypeState.Placeholders placeholders() {
    return placeholders;
  }

  long nextStreamId() {
    return streamIds.incrementAndGet();
  }

  /** The shared copy of {@code names}. */
  Set<String> intern(Set<String> names) {
    if (nameSets.size() > 10_000) {
      nameSets.clear();
    }
    return nameSets.computeIfAbsent(Set.copyOf(names), k -> k);
  }

  /** A call on one callback; may throw (java-control-plane's request callbacks declare exceptions). */
  interface Call {
    void on(DiscoveryServerCallbacks c) throws Exception;
  }

  void each(Call call) {
    for (DiscoveryServerCallbacks c : callbacks) {
      try {
        call.on(c);
      } catch (Exception e) {
        LOG.error("ADS callback {} failed", c.getClass().getSimpleName(), e);
      }
    }
  }

  void closed(long streamId, Throwable error) {
    if (error == null) {
      each(c -> c.onStreamClose(streamId, ""));
    } else {
      each(c -> c.onStreamCloseWithError(streamId, "", error));
    }
  }
}
