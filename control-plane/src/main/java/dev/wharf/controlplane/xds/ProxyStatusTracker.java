package dev.wharf.controlplane.xds;

import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records, per open ADS stream and per resource type, what was sent, ACKed and NACKed (with the
 * NACK's {@code error_detail}), for the admin endpoint, the metrics and the {@link NackGuard}.
 *
 * <p>A request is a NACK when it carries {@code error_detail} (not by comparing versions; envoy PR
 * #14841). Thread-safe.
 */
public final class ProxyStatusTracker implements DiscoveryServerCallbacks {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyStatusTracker.class);

  private final Map<Long, StreamStatus> streams = new ConcurrentHashMap<>();
  /** Last version sent per node id and type URL; read by the NACK guard. */
  private final Map<String, String> lastSent = new ConcurrentHashMap<>();
  private final MeterRegistry meters;

  public ProxyStatusTracker(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Status of one resource type on one stream. Mutable, guarded by the stream's monitor. */
  public static final class TypeStatus {
    String sentVersion;
    String ackedVersion;
    String nackedVersion;
    String lastError;
    long sent;
    long acks;
    long nacks;

    /** A plain-map view for JSON rendering. */
    public Map<String, Object> view() {
      Map<String, Object> m = new TreeMap<>();
      put(m, "sentVersion", sentVersion);
      put(m, "ackedVersion", ackedVersion);
      put(m, "nackedVersion", nackedVersion);
      put(m, "lastError", lastError);
      m.put("responses", sent);
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

  /** One open stream: the node id and the per-type status. */
  public static final class StreamStatus {
    final String nodeId;
    final boolean delta;
    final Map<String, TypeStatus> types = new TreeMap<>();

    StreamStatus(String nodeId, boolean delta) {
      this.nodeId = nodeId;
      this.delta = delta;
    }

    synchronized Map<String, Object> view() {
      Map<String, Object> m = new TreeMap<>();
      m.put("nodeId", nodeId);
      m.put("protocol", delta ? "delta" : "sotw");
      Map<String, Object> t = new TreeMap<>();
      types.forEach((k, v) -> t.put(shortType(k), v.view()));
      m.put("types", t);
      return m;
    }

    synchronized TypeStatus type(String typeUrl) {
      return types.computeIfAbsent(typeUrl, k -> new TypeStatus());
    }
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    StreamStatus s = streams.computeIfAbsent(streamId, id -> new StreamStatus(request.getNode().getId(), false));
    request(s, request.getTypeUrl(), request.getVersionInfo(), request.hasErrorDetail()
        ? request.getErrorDetail().getMessage() : null, !request.getResponseNonce().isEmpty());
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
    StreamStatus s = streams.computeIfAbsent(streamId, id -> new StreamStatus(request.getNode().getId(), true));
    request(s, request.getTypeUrl(), null, request.hasErrorDetail()
        ? request.getErrorDetail().getMessage() : null, !request.getResponseNonce().isEmpty());
  }

  @Override
  public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
    StreamStatus s = streams.get(streamId);
    if (s != null) {
      synchronized (s) {
        TypeStatus t = s.type(response.getTypeUrl());
        t.sentVersion = response.getVersionInfo();
        t.sent++;
      }
      lastSent.put(s.nodeId + "|" + response.getTypeUrl(), response.getVersionInfo());
    }
    meters.counter("wharf.xds.responses", "type", shortType(response.getTypeUrl())).increment();
  }

  @Override
  public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
    StreamStatus s = streams.get(streamId);
    if (s != null) {
      synchronized (s) {
        TypeStatus t = s.type(response.getTypeUrl());
        t.sentVersion = response.getSystemVersionInfo();
        t.sent++;
      }
    }
    meters.counter("wharf.xds.responses", "type", shortType(response.getTypeUrl())).increment();
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    streams.remove(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    streams.remove(streamId);
  }

  /** The version last sent to this node for this type, or null. */
  public String lastSentVersion(String nodeId, String typeUrl) {
    return lastSent.get(nodeId + "|" + typeUrl);
  }

  /** Per-stream status, keyed by stream id, for the admin endpoint. */
  public Map<String, Object> view() {
    Map<String, Object> m = new TreeMap<>();
    streams.forEach((id, s) -> m.put(Long.toString(id), s.view()));
    return m;
  }

  /** Total NACKs seen so far on open streams, for tests and the admin endpoint. */
  public long nacks() {
    return streams.values().stream()
        .mapToLong(s -> { synchronized (s) { return s.types.values().stream().mapToLong(t -> t.nacks).sum(); } })
        .sum();
  }

  private void request(StreamStatus s, String typeUrl, String version, String error, boolean answersResponse) {
    if (!answersResponse) {
      return;
    }
    synchronized (s) {
      TypeStatus t = s.type(typeUrl);
      if (error != null) {
        t.nacks++;
        t.nackedVersion = t.sentVersion;
        t.lastError = error;
      } else {
        t.acks++;
        t.ackedVersion = version != null ? version : t.sentVersion;
      }
    }
    if (error != null) {
      meters.counter("wharf.xds.nacks", "type", shortType(typeUrl)).increment();
      LOG.warn("NACK from {} for {}: {}", s.nodeId, shortType(typeUrl), error);
    }
  }

  static String shortType(String typeUrl) {
    return typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
  }
}
