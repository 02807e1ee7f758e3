package dev.wharf.tests.bench;

import dev.wharf.api.state.MeshState;
import dev.wharf.controlplane.xds.SnapshotPublisher;
import dev.wharf.controlplane.xds.SnapshotStore;
import dev.wharf.translator.xds.ProxyPlan;
import dev.wharf.translator.xds.ProxyResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Snapshot publication (versioning, validation, interning, store) of one endpoint change, S services,
 * for 1 group and for 1,000 groups sharing content; alternately with and without a fourth task, so
 * every invocation is a real change. No proxies are connected (fan-out is measured by XdsBench).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PublishJmh {
  @Param({"1000"})
  public int services;

  @Param({"1", "1000"})
  public int groups;

  private final ProxyResources[] variants = new ProxyResources[2];
  private SnapshotPublisher publisher;
  private int n;

  @Setup
  public void setup() {
    MeshState base = BenchState.build(services, 1);
    variants[0] = BenchState.clientGroup(base);
    variants[1] = BenchState.clientGroup(BenchState.withExtraTask(base));
    publisher = new SnapshotPublisher(new SnapshotStore());
  }

  /** A fresh translation each time would be measured by TranslatorJmh; fresh lists defeat the identity memo. */
  @Benchmark
  public SnapshotPublisher.PublishStats publishChange() {
    ProxyResources g = variants[n++ & 1];
    ProxyResources fresh = new ProxyResources(new ArrayList<>(g.clusters()),
        new ArrayList<>(g.endpoints()), new ArrayList<>(g.listeners()),
        new ArrayList<>(g.routes()));
    Map<String, ProxyPlan> m = new HashMap<>();
    ProxyPlan plan = ProxyPlan.of(fresh);
    for (int i = 0; i < groups; i++) {
      m.put("client-" + i, plan);
    }
    return publisher.publish(m);
  }
}
