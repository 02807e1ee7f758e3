package dev.wharf.translator.resolve;

import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.ServiceConnectAccessLogConfiguration;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.state.MeshState;
import dev.wharf.translator.ir.AccessLog;
import dev.wharf.translator.ir.EgressListener;
import dev.wharf.translator.ir.HostEntry;
import dev.wharf.translator.ir.IngressListener;
import dev.wharf.translator.ir.OutlierDetection;
import dev.wharf.translator.ir.ProxyConfig;
import dev.wharf.translator.ir.SocketAddress;
import dev.wharf.translator.ir.Upstream;
import dev.wharf.translator.ir.UpstreamEndpoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Builds the {@link ProxyConfig} of each task's sidecar, sharing what tasks have in common.
 *
 * <p>Sharing: the egress side of a proxy is an {@link AliasView} (its aliases, their VIPs, egress
 * listeners and hosts lines) and the upstream list built from it. In the awsvpc layout VIPs do not
 * depend on the task, so every task of a namespace with the same visible aliases holds the same view
 * and the same upstream list objects; in the loopback layout the view is per task slot, and the
 * upstream list is still shared by every view with the same targets. Frozen aliases (spec 26) select
 * a subset per start time, interned by content, so tasks that see the same aliases share it.
 *
 * <p>Incremental: a task's own part is memoised by its inputs (the task, its service's deployments,
 * the namespace, cluster and task-definition maps, and its namespace's alias list); upstream lists by
 * their view and the endpoint lists of their targets. A task starting or stopping therefore rebuilds
 * one endpoint list, one upstream per view, and reuses everything else. Not thread-safe.
 */
final class TaskResolver {
  private final boolean frozenAliases;
  private final OutlierDetection outlier;

  /** A task's resolution apart from upstream endpoints. */
  private record TaskPart(List<Object> key, String namespaceId, List<AliasTarget> catalogue, String namespaceName,
      List<IngressListener> ingress, SubsetKey subset, AliasView view, AccessLog accessLog, List<Problem> problems,
      boolean proxy) {}

  /** Identifies a frozen subset: the namespace's alias list (by identity) and the newest visible {@code since}. */
  private record SubsetKey(List<AliasTarget> catalogue, Double threshold) {
    @Override
    public boolean equals(Object o) {
      return o instanceof SubsetKey k && k.catalogue == catalogue && Objects.equals(k.threshold, threshold);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(catalogue) * 31 + Objects.hashCode(threshold);
    }
  }

  /** Identifies a view: the alias list (by identity), the layout, and the slot in the loopback layout. */
  private record ViewKey(List<AliasTarget> aliases, String layout, String slot) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ViewKey k && k.aliases == aliases && Objects.equals(k.layout, layout)
          && Objects.equals(k.slot, slot);
    }

    @Override
    public int hashCode() {
      return (System.identityHashCode(aliases) * 31 + Objects.hashCode(layout)) * 31 + Objects.hashCode(slot);
    }

    @Override
    public String toString() {
      return layout + (slot == null ? "" : " " + slot) + ", " + aliases.size() + " aliases";
    }
  }

  /** A task's proxy config and the parts it was assembled from. */
  private record TaskResult(TaskPart part, List<Upstream> upstreams, ProxyConfig config) {}

  /** Upstreams of one view, with the endpoint lists they were made from. */
  private record Upstreams(List<Object> key, List<Upstream> upstreams) {}

  private Map<String, TaskResult> tasks = new HashMap<>();
  private Map<ViewKey, AliasView> views = new HashMap<>();
  private Map<ViewKey, AliasView> viewsNext = new HashMap<>();
  private Map<List<AliasTarget>, Upstreams> upstreams = new IdentityHashMap<>();
  private Map<List<AliasTarget>, Upstreams> upstreamsNext = new IdentityHashMap<>();
  private Map<List<AliasTarget>, List<AliasTarget>> targets = new HashMap<>();
  private Map<List<AliasTarget>, List<AliasTarget>> targetsNext = new HashMap<>();
  private Map<SubsetKey, List<AliasTarget>> frozenSubsets = new HashMap<>();
  private Map<SubsetKey, List<AliasTarget>> frozenSubsetsNext = new HashMap<>();

  TaskResolver(boolean frozenAliases, OutlierDetection outlier) {
    this.frozenAliases = frozenAliases;
    this.outlier = outlier;
  }

  /**
   * One pass over every task. Returns the proxy configs by task ARN (tasks without Service Connect
   * are absent) and adds every problem to {@code problems}.
   */
  Map<String, ProxyConfig> resolve(Lookup lookup, AliasCatalogue catalogue, EndpointIndex endpoints,
      List<Problem> problems) {
    Map<String, TaskResult> next = new HashMap<>();
    Map<String, ProxyConfig> out = new TreeMap<>();
    for (Task task : lookup.state().tasks().values()) {
      if ("STOPPED".equals(task.lastStatus())) {
        continue;
      }
      TaskPart part = part(lookup, catalogue, task);
      problems.addAll(part.problems());
      if (!part.proxy()) {
        continue;
      }
      List<Upstream> ups = part.view() == null ? List.of() : upstreams(part.view(), endpoints);
      TaskResult known = tasks.get(task.taskArn());
      TaskResult result = known != null && known.part() == part && known.upstreams() == ups ? known
          : new TaskResult(part, ups, new ProxyConfig(task.taskArn(), part.namespaceName(), part.ingress(),
              part.view() == null ? List.of() : part.view().egress(), ups,
              part.view() == null ? List.of() : part.view().hosts(), part.accessLog(), outlier));
      next.put(task.taskArn(), result);
      out.put(task.taskArn(), result.config());
    }
    tasks = next;
    views = viewsNext;
    viewsNext = new HashMap<>();
    upstreams = upstreamsNext;
    upstreamsNext = new IdentityHashMap<>();
    frozenSubsets = frozenSubsetsNext;
    frozenSubsetsNext = new HashMap<>();
    targets = targetsNext;
    targetsNext = new HashMap<>();
    return out;
  }

  private TaskPart part(Lookup lookup, AliasCatalogue catalogue, Task task) {
    MeshState state = lookup.state();
    EcsService service = state.services().get(task.serviceArn());
    List<Object> key = Arrays.asList(task, service == null ? null : service.deployments(), state.namespaces(),
        state.taskDefinitions(), state.clusters());
    TaskResult known = tasks.get(task.taskArn());
    if (known != null && MemoKey.same(known.part().key(), key)
        && catalogue.aliases(known.part().namespaceId()) == known.part().catalogue()) {
      keep(known.part());
      return known.part();
    }
    return compute(lookup, catalogue, task, service, key);
  }

  /** Carries a reused part's shared objects into the next pass's memos. */
  private void keep(TaskPart part) {
    if (part.view() != null && viewsNext.putIfAbsent((ViewKey) part.view().key(), part.view()) == null) {
      targetsNext.putIfAbsent(part.view().targets(), part.view().targets());
    }
    if (part.subset() != null) {
      frozenSubsetsNext.putIfAbsent(part.subset(), part.view().aliases());
    }
  }

  private TaskPart compute(Lookup lookup, AliasCatalogue catalogue, Task task, EcsService service, List<Object> key) {
    Problems problems = Problems.collecting();
    if (service == null) {
      problems.add(Problem.SERVICE_NOT_FOUND, task.taskArn(), "service " + task.serviceArn() + " not found");
      return new TaskPart(key, null, null, null, List.of(), null, null, null, problems.toList(), false);
    }
    ScDeployment sc = lookup.scDeployment(service, Lookup.deploymentOf(service, task.deploymentId()),
        task.taskDefinitionArn(), problems);
    if (sc == null) {
      return new TaskPart(key, null, null, null, List.of(), null, null, null, problems.toList(), false);
    }
    List<IngressListener> ingress = ingress(task, sc, problems);
    String nsId = sc.namespace() == null ? null : sc.namespace().id();
    List<AliasTarget> all = nsId == null ? null : catalogue.aliases(nsId);
    AliasView view = null;
    SubsetKey subset = null;
    if (all != null) {
      subset = subsetKey(task, all);
      view = view(task, subset == null ? all : subset(subset, task));
      for (String failure : view.vipFailures()) {
        problems.add(Problem.VIP_RANGE_EXHAUSTED, task.taskArn(), failure);
      }
    }
    return new TaskPart(key, nsId, all, sc.namespace() == null ? null : sc.namespace().name(), ingress, subset,
        view, accessLog(sc), problems.toList(), true);
  }

  /** One ingress listener per services[] entry of the task's own deployment (spec 2.2). */
  private static List<IngressListener> ingress(Task task, ScDeployment sc, Problems problems) {
    List<ScEntry> entries = EntryResolver.resolve(sc, problems);
    if (entries.isEmpty()) {
      return List.of();
    }
    if (task.ingressIp() == null || task.appIp() == null) {
      problems.add(Problem.TASK_ADDRESS_MISSING, task.taskArn(), "task has no ingressIp or appIp");
      return List.of();
    }
    List<IngressListener> out = new ArrayList<>();
    Set<Integer> ports = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (ScEntry e : entries) {
      if (!names.add(e.discoveryName())) {
        continue; // reported by the catalogue (spec 4)
      }
      if (!ports.add(e.ingressPort())) {
        // Spec 31: the ECS agent refuses colliding ingress ports.
        problems.add(Problem.INGRESS_PORT_COLLISION, task.taskArn(), "ingress port collision detected for port "
            + e.ingressPort() + " and discoveryName " + e.discoveryName());
        continue;
      }
      out.add(new IngressListener(e.discoveryName(), new SocketAddress(task.ingressIp(), e.ingressPort()),
          new SocketAddress(task.appIp(), e.containerPort()), e.protocol(), e.timeouts(), e.tls()));
    }
    out.sort(Comparator.comparing(IngressListener::discoveryName));
    return List.copyOf(out);
  }

  /**
   * Which aliases the task sees: every alias of its namespace (spec 26 says all of them, including
   * the task's own; null is returned), or in frozen mode only those that existed when the task
   * started, {@code since <= startedAt} (a task or alias without a known time sees the alias). The
   * subset is a down-set by {@code since}, so it is named by the newest visible {@code since}.
   */
  private SubsetKey subsetKey(Task task, List<AliasTarget> all) {
    if (!frozenAliases || task.startedAt() == null) {
      return null;
    }
    Double threshold = null;
    boolean hidden = false;
    for (AliasTarget a : all) {
      if (a.since() == null) {
        continue;
      }
      if (a.since() <= task.startedAt()) {
        threshold = threshold == null ? a.since() : Math.max(threshold, a.since());
      } else {
        hidden = true;
      }
    }
    return hidden ? new SubsetKey(all, threshold) : null;
  }

  /** The frozen subset named by {@code key}, one list per key (interned across tasks and passes). */
  private List<AliasTarget> subset(SubsetKey key, Task task) {
    List<AliasTarget> shared = frozenSubsetsNext.get(key);
    if (shared == null) {
      shared = frozenSubsets.get(key);
      if (shared == null) {
        shared = key.catalogue().stream().filter(a -> a.since() == null || a.since() <= task.startedAt()).toList();
      }
      frozenSubsetsNext.put(key, shared);
    }
    return shared;
  }

  /** The shared view of {@code aliases} for the task's layout (and slot, in the loopback layout). */
  private AliasView view(Task task, List<AliasTarget> aliases) {
    ViewKey key = new ViewKey(aliases, task.layout(), "loopback".equals(task.layout()) ? task.slot() : null);
    AliasView v = viewsNext.get(key);
    if (v == null) {
      v = views.get(key);
      if (v == null) {
        v = AliasView.build(key, aliases, task.layout(), task.slot(), this::internTargets);
      }
      viewsNext.put(key, v);
      targetsNext.putIfAbsent(v.targets(), v.targets());
    }
    return v;
  }

  /** Views with equal targets share one targets list, and so one upstream list. */
  private List<AliasTarget> internTargets(List<AliasTarget> t) {
    List<AliasTarget> shared = targetsNext.get(t);
    return shared != null ? shared : targets.getOrDefault(t, t);
  }

  /** The upstreams of a view: one per target discovery name, with its current endpoints. */
  private List<Upstream> upstreams(AliasView view, EndpointIndex endpoints) {
    Upstreams done = upstreamsNext.get(view.targets());
    if (done != null) {
      return done.upstreams();
    }
    List<Object> key = new ArrayList<>(view.targets().size());
    for (AliasTarget t : view.targets()) {
      key.add(endpoints.endpoints(t.namespaceId(), t.discoveryName()));
    }
    Upstreams known = upstreams.get(view.targets());
    if (known == null || !MemoKey.same(known.key(), key)) {
      List<Upstream> list = new ArrayList<>(view.targets().size());
      for (int i = 0; i < key.size(); i++) {
        AliasTarget t = view.targets().get(i);
        @SuppressWarnings("unchecked")
        List<UpstreamEndpoint> eps = (List<UpstreamEndpoint>) key.get(i);
        Upstream before = known == null ? null : find(known.upstreams(), t.discoveryName());
        list.add(before != null && before.endpoints() == eps && before.protocol() == t.protocol()
            && Objects.equals(before.tls(), t.tls()) ? before
            : new Upstream(t.discoveryName(), t.protocol(), eps, t.tls()));
      }
      known = new Upstreams(key, List.copyOf(list));
    }
    upstreamsNext.put(view.targets(), known);
    return known.upstreams();
  }

  private static Upstream find(List<Upstream> list, String discoveryName) {
    int lo = 0;
    int hi = list.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = list.get(mid).discoveryName().compareTo(discoveryName);
      if (c == 0) {
        return list.get(mid);
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return null;
  }

  /** Spec 57: from the task's own service's {@code accessLogConfiguration}. */
  private static AccessLog accessLog(ScDeployment sc) {
    ServiceConnectAccessLogConfiguration c = sc.config().accessLogConfiguration();
    if (c == null) {
      return null;
    }
    AccessLog.Format format = "JSON".equals(c.format()) ? AccessLog.Format.JSON : AccessLog.Format.TEXT;
    return new AccessLog(format, "ENABLED".equals(c.includeQueryParameters()));
  }

  /**
   * The egress side of a set of aliases for one layout (and loopback slot): VIPs, egress listeners,
   * hosts lines, and the targets, one per discovery name, sorted by discovery name.
   *
   * @param vipFailures messages for aliases whose VIP could not be allocated (reported per task)
   */
  record AliasView(Object key, List<AliasTarget> aliases, List<EgressListener> egress, List<HostEntry> hosts,
      List<AliasTarget> targets, List<String> vipFailures) {

    static AliasView build(Object key, List<AliasTarget> aliases, String layout, String slot,
        UnaryOperator<List<AliasTarget>> intern) {
      List<String> failures = new ArrayList<>();
      Map<String, String> vips = vipsByDnsName(layout, slot, aliases, failures);
      List<EgressListener> egress = new ArrayList<>();
      Map<String, AliasTarget> targets = new TreeMap<>();
      for (AliasTarget a : aliases) {
        String vip = vips.get(a.dnsName());
        if (vip == null) {
          continue;
        }
        egress.add(new EgressListener(a.dnsName(), a.port(), vip, a.discoveryName(), a.protocol(), a.timeouts()));
        targets.put(a.discoveryName(), a);
      }
      List<HostEntry> hosts = new ArrayList<>();
      vips.forEach((dns, vip) -> hosts.add(new HostEntry(vip, dns)));
      return new AliasView(key, aliases, List.copyOf(egress), List.copyOf(hosts),
          intern.apply(List.copyOf(targets.values())), List.copyOf(failures));
    }

    /**
     * One VIP per dnsName: that of its lowest alias index. Aliases that share a dnsName on different
     * ports then share a VIP, so the one hosts-file line for the name reaches every port.
     */
    private static Map<String, String> vipsByDnsName(String layout, String slot, List<AliasTarget> aliases,
        List<String> failures) {
      Map<String, Integer> index = new TreeMap<>();
      for (AliasTarget a : aliases) {
        index.merge(a.dnsName(), a.vipIndex(), Math::min);
      }
      Map<String, String> out = new TreeMap<>();
      index.forEach((dns, k) -> {
        try {
          out.put(dns, Vips.vip(layout, slot, k));
        } catch (IllegalArgumentException ex) {
          failures.add(dns + ": " + ex.getMessage());
        }
      });
      return out;
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }

    @Override
    public String toString() {
      return "AliasView" + key;
    }
  }
}
