package dev.wharf.controlplane.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import dev.wharf.controlplane.xds.SnapshotPublisher.PublishStats;
import dev.wharf.translator.xds.ProxyPlan;
import dev.wharf.translator.xds.ProxyResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotPublisherTest {
  static Cluster cluster(String name, long timeout) {
    return Cluster.newBuilder().setName(name).setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
            .setEdsConfig(ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())))
        .setConnectTimeout(Duration.newBuilder().setSeconds(timeout)).build();
  }

  static ProxyPlan group(Cluster... clusters) {
    return ProxyPlan.of(part(clusters));
  }

  static ProxyResources part(Cluster... clusters) {
    List<ClusterLoadAssignment> eds = Arrays.stream(clusters)
        .map(c -> ClusterLoadAssignment.newBuilder().setClusterName(c.getName()).build()).toList();
    return new ProxyResources(List.of(clusters), eds, List.of(), List.of());
  }

  @Test
  void versionsAreContentHashesIndependentOfObjectsAndStableAcrossPublishers() {
    SnapshotStore s1 = new SnapshotStore();
    SnapshotStore s2 = new SnapshotStore();
    new SnapshotPublisher(s1).publish(Map.of("g", group(cluster("a", 5), cluster("b", 5))));
    new SnapshotPublisher(s2).publish(Map.of("g", group(cluster("a", 5), cluster("b", 5))));
    for (XdsType t : XdsType.values()) {
      assertEquals(s1.get("g").get(t).version(), s2.get("g").get(t).version());
    }
    assertEquals(s1.get("g").get(XdsType.CLUSTER).get("a").version(),
        s2.get("g").get(XdsType.CLUSTER).get("a").version());
    // Pinned: a change of serialization or hashing would change every version a proxy holds.
    assertEquals(32, s1.get("g").get(XdsType.CLUSTER).version().length());
  }

  @Test
  void anUnchangedGroupIsNotRepublishedAndGroupsWithTheSameContentShareTypeSnapshots() {
    SnapshotStore store = new SnapshotStore();
    SnapshotPublisher p = new SnapshotPublisher(store);
    assertEquals(2, p.publish(Map.of("g1", group(cluster("a", 5)), "g2", group(cluster("a", 5)))).changed());
    GroupSnapshot first = store.get("g1");
    assertSame(store.get("g1").get(XdsType.CLUSTER), store.get("g2").get(XdsType.CLUSTER));
    assertEquals(0, p.publish(Map.of("g1", group(cluster("a", 5)), "g2", group(cluster("a", 5)))).changed());
    assertSame(first, store.get("g1"));
    assertEquals(1, p.publish(Map.of("g1", group(cluster("a", 6)), "g2", group(cluster("a", 5)))).changed());
    assertNotEquals(first.get(XdsType.CLUSTER).version(), store.get("g1").get(XdsType.CLUSTER).version());
  }

  @Test
  void anInvalidGroupKeepsItsLastGoodSnapshotAndIsReported() {
    SnapshotStore store = new SnapshotStore();
    SnapshotPublisher p = new SnapshotPublisher(store);
    p.publish(Map.of("g", group(cluster("a", 5))));
    GroupSnapshot good = store.get("g");
    Cluster bad = cluster("a", 5).toBuilder().setOutlierDetection(OutlierDetection.newBuilder()
        .setMaxEjectionPercent(UInt32Value.of(150))).build();
    assertEquals(1, p.publish(Map.of("g", group(bad))).invalid());
    assertSame(good, store.get("g"));
    assertTrue(p.failures().get("g").contains("max_ejection_percent"), p.failures().toString());
    p.publish(Map.of("g", group(cluster("a", 7))));
    assertEquals(Map.of(), p.failures());
  }

  @Test
  void aMissingAssignmentIsAReferenceProblem() {
    SnapshotStore store = new SnapshotStore();
    SnapshotPublisher p = new SnapshotPublisher(store);
    p.publish(Map.of("g", ProxyPlan.of(new ProxyResources(List.of(cluster("a", 5)), List.of(), List.of(), List.of()))));
    assertEquals(null, store.get("g"));
    assertTrue(p.failures().get("g").contains("no ClusterLoadAssignment a"));
  }

  @Test
  void groupsShareTheirCommonPartsAndDifferOnlyInTheirOwn() {
    SnapshotStore store = new SnapshotStore();
    SnapshotPublisher p = new SnapshotPublisher(store);
    ProxyResources shared = part(cluster("a", 5), cluster("b", 5));
    p.publish(Map.of("g1", new ProxyPlan(List.of(shared, part(cluster("own1", 5)))),
        "g2", new ProxyPlan(List.of(shared, part(cluster("own2", 5))))));
    TypeSnapshot c1 = store.get("g1").get(XdsType.CLUSTER);
    TypeSnapshot c2 = store.get("g2").get(XdsType.CLUSTER);
    assertEquals(3, c1.size());
    assertSame(c1.layers().get(0), c2.layers().get(0), "one shared layer");
    assertEquals(List.of("a", "b", "own1"), names(c1));
    // An unchanged plan is skipped; a changed shared part moves both groups, sharing its diff.
    ProxyResources sharedNext = part(cluster("a", 6), cluster("b", 5));
    PublishStats stats = p.publish(Map.of("g1", new ProxyPlan(List.of(sharedNext, part(cluster("own1", 5)))),
        "g2", new ProxyPlan(List.of(sharedNext, part(cluster("own2", 5))))));
    assertEquals(2, stats.changed());
    assertEquals(List.of("a"), store.get("g1").get(XdsType.CLUSTER).diffFrom(c1).changed());
    assertEquals(List.of("a"), store.get("g2").get(XdsType.CLUSTER).diffFrom(c2).changed());
  }

  @Test
  void namesMustBeUniqueAcrossParts() {
    SnapshotStore store = new SnapshotStore();
    SnapshotPublisher p = new SnapshotPublisher(store);
    p.publish(Map.of("g", new ProxyPlan(List.of(part(cluster("a", 5)), part(cluster("a", 6))))));
    assertEquals(null, store.get("g"));
    assertTrue(p.failures().get("g").contains("duplicate resource names across parts: a"), p.failures().toString());
  }

  @Test
  void aPartsReferencesResolveInItselfOrAnEarlierPart() {
    SnapshotStore store = new SnapshotStore();
    SnapshotPublisher p = new SnapshotPublisher(store);
    ProxyResources clustersOnly = new ProxyResources(List.of(cluster("a", 5)), List.of(), List.of(), List.of());
    ProxyResources assignment = new ProxyResources(List.of(),
        List.of(ClusterLoadAssignment.newBuilder().setClusterName("a").build()), List.of(), List.of());
    p.publish(Map.of("late", new ProxyPlan(List.of(clustersOnly, assignment))));
    assertTrue(p.failures().get("late").contains("no ClusterLoadAssignment a"), p.failures().toString());
    p.publish(Map.of("early", new ProxyPlan(List.of(assignment, clustersOnly))));
    assertEquals(Map.of(), p.failures());
    assertEquals(1, store.get("early").get(XdsType.ENDPOINT).size());
  }

  private static List<String> names(TypeSnapshot s) {
    List<String> out = new ArrayList<>();
    s.all().forEach(r -> out.add(r.name()));
    return out;
  }
}
