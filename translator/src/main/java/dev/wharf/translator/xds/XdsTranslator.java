package dev.wharf.translator.xds;

import dev.wharf.translator.ir.AccessLog;
import dev.wharf.translator.ir.EgressListener;
import dev.wharf.translator.ir.IngressListener;
import dev.wharf.translator.ir.OutlierDetection;
import dev.wharf.translator.ir.Protocol;
import dev.wharf.translator.ir.ProxyConfig;
import dev.wharf.translator.ir.Tls;
import dev.wharf.translator.ir.Upstream;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Stage 2: {@link ProxyConfig}s to {@link ProxyPlan}s. Every message comes from one builder per
 * Envoy kind ({@link ClusterBuilder}, {@link EndpointBuilder}, {@link ListenerBuilder},
 * {@link RouteBuilder}).
 *
 * <p>Incremental and shared: messages are memoised by the IR value they are built from, and parts by
 * the IR lists they are built from (stage 1 hands every proxy of a namespace the same egress and
 * upstream list objects), so a pass builds only messages whose input changed, and proxies that share
 * input share the part. Memos live for one pass after their last use ({@link #beginPass()} /
 * {@link #endPass()}), so memory follows the current state. The output equals what a fresh
 * translator would build. Not thread-safe: one reconciler thread.
 */
public final class XdsTranslator {
  private static final ProxyResources EMPTY = new ProxyResources(List.of(), List.of(), List.of(), List.of());

  /** What an upstream cluster is built from (not its endpoints). */
  private record ClusterKey(String discoveryName, Protocol protocol, OutlierDetection outlier, Tls tls) {}

  /** An egress listener with the access log it carries. */
  private record EgressKey(EgressListener listener, AccessLog log) {}

  /** The ingress side of a task: its listeners and the access log they carry. */
  private record IngressKey(List<IngressListener> listeners, AccessLog log) {}

  /** An IR list by identity, with the access log of the part built from it. */
  private record ListKey(List<?> list, AccessLog log) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ListKey k && k.list == list && Objects.equals(k.log, log);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(list) * 31 + Objects.hashCode(log);
    }
  }

  private Memo<ClusterKey, Cluster> clusters = new Memo<>();
  private Memo<List<Cluster>, List<Cluster>> clusterLists = new Memo<>();
  private Memo<Upstream, ClusterLoadAssignment> assignments = new Memo<>();
  private Memo<EgressKey, Listener> egressListeners = new Memo<>();
  private Memo<EgressListener, RouteConfiguration> egressRoutes = new Memo<>();
  private Memo<ListKey, ProxyResources> upstreamParts = new Memo<>();
  private Memo<ListKey, ProxyResources> egressParts = new Memo<>();
  private Memo<IngressKey, ProxyResources> ingressParts = new Memo<>();
  private final Map<ProxyPlan, ProxyPlan> plans = new HashMap<>();
  private final boolean mutualTls;
  private Map<ProxyPlan, ProxyPlan> plansNext = new HashMap<>();

  /** A translator for one-way TLS (the server is verified, as Service Connect). */
  public XdsTranslator() {
    this(false);
  }

  /**
   * @param mutualTls Wharf's extension (server flag {@code --tls-mutual}): ingress listeners with TLS
   *     require a client certificate, and every TLS upstream cluster presents the proxy's own
   */
  public XdsTranslator(boolean mutualTls) {
    this.mutualTls = mutualTls;
  }

  /** Translates one proxy with a fresh translator: the reference, and what goldens are made of. */
  public static ProxyPlan translateOnce(ProxyConfig p) {
    return translateOnce(p, false);
  }

  /** The same, with or without mutual TLS. */
  public static ProxyPlan translateOnce(ProxyConfig p, boolean mutualTls) {
    XdsTranslator x = new XdsTranslator(mutualTls);
    x.beginPass();
    ProxyPlan plan = x.translate(p);
    x.endPass();
    return plan;
  }

  /** Starts a pass: memos used during it are kept for the next one, the others dropped at its end. */
  public void beginPass() {
    plansNext = new HashMap<>();
  }

  /** Ends a pass, dropping every memo entry the pass did not use. */
  public void endPass() {
    clusters = clusters.next();
    clusterLists = clusterLists.next();
    assignments = assignments.next();
    egressListeners = egressListeners.next();
    egressRoutes = egressRoutes.next();
    upstreamParts = upstreamParts.next();
    egressParts = egressParts.next();
    ingressParts = ingressParts.next();
    plans.clear();
    plans.putAll(plansNext);
  }

  /** The plan of one proxy: {@code [upstreams, egress, ingress]}; equal input gives the same plan object. */
  public ProxyPlan translate(ProxyConfig p) {
    OutlierDetection od = p.outlierDetection();
    ProxyResources upstreams =
        upstreamParts.get(new ListKey(p.upstreams(), null), k -> upstreamPart(p.upstreams(), od));
    ProxyResources egress =
        egressParts.get(new ListKey(p.egress(), p.accessLog()), k -> egressPart(p.egress(), p.accessLog()));
    ProxyResources ingress = ingressParts.get(new IngressKey(p.ingress(), p.accessLog()),
        k -> ingressPart(p.ingress(), p.accessLog()));
    ProxyPlan plan = new ProxyPlan(List.of(upstreams, egress, ingress));
    ProxyPlan shared = plansNext.get(plan);
    if (shared == null) {
      shared = plans.getOrDefault(plan, plan);
      plansNext.put(shared, shared);
    }
    return shared;
  }

  private ProxyResources upstreamPart(List<Upstream> upstreams, OutlierDetection od) {
    if (upstreams.isEmpty()) {
      return EMPTY;
    }
    List<Cluster> cs = new ArrayList<>(upstreams.size());
    List<ClusterLoadAssignment> es = new ArrayList<>(upstreams.size());
    for (Upstream u : upstreams) {
      // The cluster does not depend on the endpoints: key it by name, protocol and outlier settings.
      cs.add(clusters.get(new ClusterKey(u.discoveryName(), u.protocol(), od, u.tls()),
          k -> ClusterBuilder.upstream(u, od, mutualTls)));
      es.add(assignments.get(u, EndpointBuilder::upstream));
    }
    cs.sort(Comparator.comparing(Cluster::getName));
    es.sort(Comparator.comparing(ClusterLoadAssignment::getClusterName));
    // An endpoint change leaves the clusters as they were: hand on the same list, so what is built
    // from it downstream (snapshots, reference checks) is reused.
    List<Cluster> sameClusters = clusterLists.get(cs, k -> List.copyOf(cs));
    return new ProxyResources(sameClusters, es, List.of(), List.of());
  }

  private ProxyResources egressPart(List<EgressListener> egress, AccessLog log) {
    if (egress.isEmpty()) {
      return EMPTY;
    }
    List<Listener> ls = new ArrayList<>(egress.size());
    List<RouteConfiguration> rs = new ArrayList<>(egress.size());
    for (EgressListener l : egress) {
      ls.add(egressListeners.get(new EgressKey(l, log), k -> ListenerBuilder.egress(l, log)));
      if (l.protocol().isHttp()) {
        // The route does not depend on the VIP: loopback proxies share it.
        rs.add(egressRoutes.get(new EgressListener(l.dnsName(), l.port(), null, l.upstream(), l.protocol(),
            l.timeouts()), k -> RouteBuilder.egress(l)));
      }
    }
    ls.sort(Comparator.comparing(Listener::getName));
    rs.sort(Comparator.comparing(RouteConfiguration::getName));
    return new ProxyResources(List.of(), List.of(), ls, rs);
  }

  private ProxyResources ingressPart(List<IngressListener> ingress, AccessLog log) {
    if (ingress.isEmpty()) {
      return EMPTY;
    }
    List<Cluster> cs = new ArrayList<>();
    List<Listener> ls = new ArrayList<>();
    List<RouteConfiguration> rs = new ArrayList<>();
    for (IngressListener l : ingress) {
      ls.add(ListenerBuilder.ingress(l, log, mutualTls));
      cs.add(ClusterBuilder.app(l));
      if (l.protocol().isHttp()) {
        rs.add(RouteBuilder.ingress(l));
      }
    }
    cs.sort(Comparator.comparing(Cluster::getName));
    ls.sort(Comparator.comparing(Listener::getName));
    rs.sort(Comparator.comparing(RouteConfiguration::getName));
    return new ProxyResources(cs, List.of(), ls, rs);
  }

  /** A two-generation memo: entries used in this pass survive into the next one. */
  private static final class Memo<K, V> {
    private final Map<K, V> previous;
    private final Map<K, V> current = new HashMap<>();

    Memo() {
      this(Map.of());
    }

    private Memo(Map<K, V> previous) {
      this.previous = previous;
    }

    V get(K key, Function<K, V> build) {
      V v = current.get(key);
      if (v == null) {
        v = previous.get(key);
        if (v == null) {
          v = build.apply(key);
        }
        current.put(key, v);
      }
      return v;
    }

    Memo<K, V> next() {
      return new Memo<>(current);
    }
  }
}
