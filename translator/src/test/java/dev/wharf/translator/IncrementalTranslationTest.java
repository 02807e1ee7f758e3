package dev.wharf.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.cloudmap.Operation;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectService;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.MeshState.Table;
import dev.wharf.translator.xds.ProxyPlan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The incremental translator's line: after every step of a random sequence of state changes, its
 * output equals a translation from scratch of the same state, byte for byte (every golden output:
 * IR, listeners, routes, clusters, endpoints, hosts, problems). Each golden case is the start state;
 * the changes are what the control plane sees: tasks and instances coming and going, health flips,
 * services changing their Service Connect entries or going away, alias VIPs and task definitions
 * disappearing, and no-op writes.
 */
class IncrementalTranslationTest {
  private static final int STEPS = 120;

  static List<String> cases() throws IOException {
    return GoldenCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void incrementalEqualsFromScratchAfterEveryChange(String name) throws IOException {
    StateFixture fixture = StateFixture.read(GoldenCases.IN.resolve(name + ".yaml"));
    TranslatorOptions options = fixture.translatorOptions();
    Translator incremental = new Translator(options);
    Random random = new Random(name.hashCode());
    MeshState state = fixture.state();
    for (int step = 0; step < STEPS; step++) {
      String what = "start";
      if (step > 0) {
        Change change = CHANGES.get(random.nextInt(CHANGES.size()));
        what = change.name();
        state = change.apply(state, random, step);
      }
      TranslationResult got = incremental.translate(state);
      TranslationResult want = Translator.translateOnce(state, options);
      assertEquals(TranslatorGoldenTest.render(name, want), TranslatorGoldenTest.render(name, got),
          name + " step " + step + " (" + what + ")");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void unchangedStateGivesTheSamePlanObjects(String name) throws IOException {
    StateFixture fixture = StateFixture.read(GoldenCases.IN.resolve(name + ".yaml"));
    Translator t = new Translator(fixture.translatorOptions());
    MeshState state = fixture.state();
    TranslationResult first = t.translate(state);
    TranslationResult again = t.translate(state.put(MeshState.OPERATIONS, "op", OPERATION));
    first.groups().forEach((group, plan) -> assertSame(plan, again.groups().get(group), group));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void proxiesOfANamespaceShareTheirUpstreamPart(String name) throws IOException {
    StateFixture fixture = StateFixture.read(GoldenCases.IN.resolve(name + ".yaml"));
    TranslationResult r = Translator.translateOnce(fixture.state(), fixture.translatorOptions());
    Map<Object, Object> partByUpstreams = new HashMap<>();
    r.ir().forEach((task, p) -> {
      ProxyPlan plan = r.groups().get(task);
      Object known = partByUpstreams.putIfAbsent(p.upstreams(), plan.parts().get(0));
      if (known != null) {
        assertSame(known, plan.parts().get(0), "equal upstream lists share one part: " + task);
      }
    });
  }

  private static final Operation OPERATION =
      new Operation("op", "CREATE_NAMESPACE", "SUCCESS", null, null, 1.0, 1.0, Map.of());

  /** One kind of random change. */
  private interface Change {
    String name();

    MeshState apply(MeshState s, Random r, int step);
  }

  private static Change change(String name, Mutator m) {
    return new Change() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public MeshState apply(MeshState s, Random r, int step) {
        return m.apply(s, r, step);
      }
    };
  }

  @FunctionalInterface
  private interface Mutator {
    MeshState apply(MeshState s, Random r, int step);
  }

  private static final List<Change> CHANGES = List.of(
      change("add instance", IncrementalTranslationTest::addInstance),
      change("add instance", IncrementalTranslationTest::addInstance),
      change("remove instance", (s, r, i) -> removeAny(s, MeshState.INSTANCES, r)),
      change("flip health", IncrementalTranslationTest::flipHealth),
      change("add task", IncrementalTranslationTest::addTask),
      change("remove task", (s, r, i) -> removeAny(s, MeshState.TASKS, r)),
      change("stop task", IncrementalTranslationTest::stopTask),
      change("rewrite task", (s, r, i) -> rewriteAny(s, MeshState.TASKS, r)),
      change("rewrite service", (s, r, i) -> rewriteAny(s, MeshState.SERVICES, r)),
      change("drop a services[] entry", IncrementalTranslationTest::dropEntry),
      change("remove service", (s, r, i) -> r.nextInt(4) == 0 ? removeAny(s, MeshState.SERVICES, r) : s),
      change("remove alias VIP", (s, r, i) -> r.nextInt(4) == 0 ? removeAny(s, MeshState.ALIAS_VIPS, r) : s),
      change("remove task definition",
          (s, r, i) -> r.nextInt(6) == 0 ? removeAny(s, MeshState.TASK_DEFINITIONS, r) : s),
      change("remove namespace", (s, r, i) -> r.nextInt(10) == 0 ? removeAny(s, MeshState.NAMESPACES, r) : s));

  private static <V> String anyKey(MeshState s, Table<V> t, Random r) {
    List<String> keys = new ArrayList<>(s.get(t).keySet());
    return keys.isEmpty() ? null : keys.get(r.nextInt(keys.size()));
  }

  private static MeshState removeAny(MeshState s, Table<?> t, Random r) {
    String key = anyKey(s, t, r);
    return key == null ? s : s.remove(t, key);
  }

  /** Writes an equal copy: a new object with the same content must change nothing in the output. */
  private static <V> MeshState rewriteAny(MeshState s, Table<V> t, Random r) {
    String key = anyKey(s, t, r);
    if (key == null) {
      return s;
    }
    V v = s.get(t).get(key);
    V copy = v instanceof Task task ? copyTask(task, v) : v instanceof EcsService svc ? copyService(svc, v) : v;
    return s.put(t, key, copy);
  }

  @SuppressWarnings("unchecked")
  private static <V> V copyTask(Task x, V v) {
    return (V) x.withConnected(x.connected()); // withers always return a new, equal-valued record
  }

  @SuppressWarnings("unchecked")
  private static <V> V copyService(EcsService x, V v) {
    return (V) x.withDeployments(new ArrayList<>(x.deployments()));
  }

  private static MeshState addInstance(MeshState s, Random r, int step) {
    String key = anyKey(s, MeshState.INSTANCES, r);
    if (key == null) {
      return s;
    }
    Instance i = s.instances().get(key);
    Map<String, String> attrs = new HashMap<>(i.attributes());
    attrs.put(Instance.IPV4, "10.9." + (step / 250) + "." + (step % 250));
    if (r.nextInt(8) == 0) {
      attrs.put(Instance.PORT, "0");
    }
    Instance added = new Instance("added-" + step, i.serviceId(), attrs, null, i.createdByAccount(), i.healthStatus());
    return s.put(MeshState.INSTANCES, MeshState.instanceKey(i.serviceId(), added.id()), added);
  }

  private static MeshState flipHealth(MeshState s, Random r, int step) {
    String key = anyKey(s, MeshState.INSTANCES, r);
    if (key == null) {
      return s;
    }
    Instance i = s.instances().get(key);
    String health = "UNHEALTHY".equals(i.healthStatus()) ? "HEALTHY" : "UNHEALTHY";
    return s.put(MeshState.INSTANCES, key,
        new Instance(i.id(), i.serviceId(), i.attributes(), i.creatorRequestId(), i.createdByAccount(), health));
  }

  private static MeshState addTask(MeshState s, Random r, int step) {
    String key = anyKey(s, MeshState.TASKS, r);
    if (key == null) {
      return s;
    }
    Task t = s.tasks().get(key);
    String arn = t.taskArn().substring(0, t.taskArn().lastIndexOf('/') + 1) + "added" + step;
    String slot = "9." + (step % 250);
    Double started = t.startedAt() == null ? null : t.startedAt() + r.nextInt(3) - 1;
    Task added = new Task(arn, t.clusterArn(), t.serviceArn(), t.deploymentId(), t.taskDefinitionArn(), "RUNNING",
        started, t.layout(), "127.1." + slot, "127.2." + slot, slot, t.availabilityZone(), true);
    return s.put(MeshState.TASKS, arn, added);
  }

  private static MeshState stopTask(MeshState s, Random r, int step) {
    String key = anyKey(s, MeshState.TASKS, r);
    if (key == null) {
      return s;
    }
    Task t = s.tasks().get(key);
    return s.put(MeshState.TASKS, key, t.withLastStatus(Task.STOPPED));
  }

  private static MeshState dropEntry(MeshState s, Random r, int step) {
    String key = anyKey(s, MeshState.SERVICES, r);
    if (key == null) {
      return s;
    }
    EcsService svc = s.services().get(key);
    List<Deployment> deployments = new ArrayList<>();
    for (Deployment d : svc.deployments()) {
      ServiceConnectConfiguration c = d.serviceConnectConfiguration();
      if (c != null && c.services() != null && !c.services().isEmpty() && d.isPrimary()) {
        List<ServiceConnectService> entries = new ArrayList<>(c.services());
        entries.remove(r.nextInt(entries.size()));
        c = new ServiceConnectConfiguration(c.enabled(), c.namespace(), entries, c.logConfiguration(),
            c.accessLogConfiguration());
        d = d.withServiceConnectConfiguration(c);
      }
      deployments.add(d);
    }
    return s.put(MeshState.SERVICES, key, svc.withDeployments(deployments));
  }
}
