package dev.wharf.controlplane.xds;

import dev.wharf.bootstrap.NodeIdentity;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records, per open ADS stream and per resource type, what was sent, ACKed and NACKed (with the
 * NACK's {@code error_detail}), for the admin endpoint and the metrics: counters
 * {@code wharf.xds.pushes} (responses sent), {@code wharf.xds.bytes}, {@code wharf.xds.acks},
 * {@code wharf.xds.nacks} (tag {@code type}), the gauge {@code wharf.xds.connected.proxies} (open ADS
 * streams, one per connected sidecar), and the timer {@code wharf.xds.push.latency} (snapshot
 * published → response sent, Istio's proxy convergence time).
 *
 * <p>A request is a NACK when it carries {@code error_detail} (not by comparing versions; envoy PR
 * #14841). Thread-safe: each stream's entries are written by its own serial executor.
 */
public final class ProxyStatusTracker {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyStatusTracker.class);

  private final Map<Long, StreamStatus> streams = new ConcurrentHashMap<>();
  private final EnumMap<XdsType, Counter> responses = new EnumMap<>(XdsType.class);
  private final EnumMap<XdsType, Counter> bytes = new EnumMap<>(XdsType.class);
  private final EnumMap<XdsType, Counter> acks = new EnumMap<>(XdsType.class);
  private final EnumMap<XdsType, Counter> nacks = new EnumMap<>(XdsType.class);
  private final Timer pushLatency;

  public ProxyStatusTracker(MeterRegistry meters) {
    for (XdsType t : XdsType.values()) {
      responses.put(t, counter(meters, "wharf.xds.pushes", "xDS responses sent to proxies", t));
      bytes.put(t, counter(meters, "wharf.xds.bytes", "bytes of the xDS responses sent", t));
      acks.put(t, counter(meters, "wharf.xds.acks", "xDS requests that ACKed a response", t));
      nacks.put(t, counter(meters, "wharf.xds.nacks", "xDS requests that NACKed a response (error_detail set)", t));
    }
    pushLatency = Timer.builder("wharf.xds.push.latency")
        .description("snapshot published to response sent").register(meters);
    Gauge.builder("wharf.xds.connected.proxies", streams, Map::size)
        .description("open ADS streams (SotW and delta), one per connected sidecar").register(meters);
  }

  private static Counter counter(MeterRegistry meters, String name, String description, XdsType type) {
    return Counter.builder(name).description(description).tag("type", type.shortName()).register(meters);
  }

  /** Status of one resource type on one stream. Guarded by its stream's monitor. */
  static final class TypeStatus {
    String sentVersion;
    String ackedVersion;
    String nackedVersion;
    String lastError;
    long sent;
    long bytes;
    long acks;
    long nacks;

    Map<String, Object> view() {
      Map<String, Object> m = new TreeMap<>();
      put(m, "sentVersion", sentVersion);
      put(m, "ackedVersion", ackedVersion);
      put(m, "nackedVersion", nackedVersion);
      put(m, "lastError", lastError);
      m.put("responses", sent);
      m.put("bytes", bytes);
      m.put("acks", acks);
      m.put("nacks", nacks);
      return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
      if (v != null) {
        m.put(k, v);
      }
    }
  }

  /** One open stream: the proxy's identity, its group, and the per-type status. */
  static final class StreamStatus {
    final Node node;
    final boolean delta;
    final EnumMap<XdsType, TypeStatus> types = new EnumMap<>(XdsType.class);

    StreamStatus(Node node, boolean delta) {
      this.node = node;
      this.delta = delta;
    }

    synchronized Map<String, Object> view() {
      Map<String, Object> m = new TreeMap<>();
      m.put("nodeId", node.getId());
      m.put("group", node.getId());
      m.put("protocol", delta ? "delta" : "sotw");
      NodeIdentity.fromNode(node).ifPresent(id -> {
        Map<String, Object> i = new TreeMap<>();
        i.put("cluster", id.clusterName());
        i.put("service", id.serviceName());
        i.put("taskArn", id.taskArn());
        m.put("identity", i);
      });
      Map<String, Object> t = new TreeMap<>();
      types.forEach((k, v) -> t.put(k.shortName(), v.view()));
      m.put("types", t);
      return m;
    }

    synchronized TypeStatus type(XdsType t) {
      return types.computeIfAbsent(t, k -> new TypeStatus());
    }
  }

  void opened(long streamId, Node node, boolean delta) {
    streams.put(streamId, new StreamStatus(node, delta));
  }

  void sent(long streamId, XdsType type, String version, int resources, int size, long latencyNanos) {
    responses.get(type).increment();
    bytes.get(type).increment(size);
    if (latencyNanos >= 0) {
      pushLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }
    StreamStatus s = streams.get(streamId);
    if (s != null) {
      synchronized (s) {
        TypeStatus t = s.type(type);
        t.sentVersion = version;
        t.sent++;
        t.bytes += size;
      }
    }
  }

  void acked(long streamId, XdsType type, String version) {
    acks.get(type).increment();
    StreamStatus s = streams.get(streamId);
    if (s != null) {
      synchronized (s) {
        TypeStatus t = s.type(type);
        t.acks++;
        t.ackedVersion = version;
      }
    }
  }

  void nacked(long streamId, XdsType type, String version, String error, boolean stale) {
    nacks.get(type).increment();
    StreamStatus s = streams.get(streamId);
    String who = s == null ? "stream " + streamId : s.node.getId();
    LOG.warn("NACK from {} for {} version {}{}: {}", who, type.shortName(), version, stale ? " (stale nonce)" : "",
        error);
    if (s != null) {
      synchronized (s) {
        TypeStatus t = s.type(type);
        t.nacks++;
        t.nackedVersion = version;
        t.lastError = error;
      }
    }
  }

  void closed(long streamId) {
    streams.remove(streamId);
  }

  /** Per-stream status, keyed by stream id, for the admin endpoint. */
  public Map<String, Object> view() {
    Map<String, Object> m = new TreeMap<>();
    streams.forEach((id, s) -> m.put(Long.toString(id), s.view()));
    return m;
  }

  /** The status of the open streams of one node id (usually one), keyed by stream id. */
  public Map<String, Object> view(String nodeId) {
    Map<String, Object> m = new TreeMap<>();
    streams.forEach((id, s) -> {
      if (s.node.getId().equals(nodeId)) {
        m.put(Long.toString(id), s.view());
      }
    });
    return m;
  }

  /** The groups (node ids) of the open streams, sorted. */
  public SortedSet<String> groups() {
    SortedSet<String> out = new TreeSet<>();
    streams.values().forEach(s -> out.add(s.node.getId()));
    return out;
  }

  /**
   * Whether every open stream has ACKed, for {@code type}, the version {@code expected} gives for its
   * group (null: nothing expected of that group).
   */
  public boolean allAcked(XdsType type, Function<String, String> expected) {
    for (StreamStatus s : streams.values()) {
      String want = expected.apply(s.node.getId());
      if (want == null) {
        continue;
      }
      String acked;
      synchronized (s) {
        TypeStatus t = s.types.get(type);
        acked = t == null ? null : t.ackedVersion;
      }
      if (!want.equals(acked)) {
        return false;
      }
    }
    return true;
  }

  /** NACKs received so far (all streams, including closed ones). */
  public long nacks() {
    return (long) nacks.values().stream().mapToDouble(Counter::count).sum();
  }

  /** Open streams. */
  public int openStreams() {
    return streams.size();
  }
}
