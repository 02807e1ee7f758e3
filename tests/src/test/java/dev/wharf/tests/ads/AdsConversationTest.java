package dev.wharf.tests.ads;

import static dev.wharf.tests.ads.ScriptedAds.CDS;
import static dev.wharf.tests.ads.ScriptedAds.EDS;
import static dev.wharf.tests.ads.ScriptedAds.LDS;
import static dev.wharf.tests.ads.ScriptedAds.RDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Duration;
import dev.wharf.controlplane.xds.ProxyStatusTracker;
import dev.wharf.controlplane.xds.SnapshotPublisher;
import dev.wharf.controlplane.xds.SnapshotStore;
import dev.wharf.controlplane.xds.XdsServer;
import dev.wharf.translator.xds.ProxyPlan;
import dev.wharf.translator.xds.ProxyResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ADS conversations with the real server over real gRPC: a scripted client
 * plays Envoy and checks ACK, NACK, reconnect (SotW and delta), warming and group isolation.
 */
class AdsConversationTest {
  private static final List<String> AB = List.of("a", "b");
  private static final List<String> EGRESS_AB = List.of("egress/a", "egress/b");

  private SimpleMeterRegistry meters;
  private SnapshotStore store;
  private SnapshotPublisher publisher;
  private ProxyStatusTracker tracker;
  private XdsServer server;
  private final Map<String, ProxyPlan> groups = new HashMap<>();
  private final List<ScriptedAds> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    meters = new SimpleMeterRegistry();
    store = new SnapshotStore();
    publisher = new SnapshotPublisher(store);
    tracker = new ProxyStatusTracker(meters);
    server = XdsServer.start("127.0.0.1", 0, store, tracker, List.of());
  }

  @AfterEach
  void stop() {
    clients.forEach(ScriptedAds::close);
    server.close();
  }

  private void publish(String group, ProxyResources r) {
    groups.put(group, ProxyPlan.of(r));
    publisher.publish(Map.copyOf(groups));
  }

  private ScriptedAds sotw(String node) {
    ScriptedAds c = ScriptedAds.sotw(server.port(), node);
    clients.add(c);
    return c;
  }

  private ScriptedAds delta(String node) {
    ScriptedAds c = ScriptedAds.delta(server.port(), node);
    clients.add(c);
    return c;
  }

  /** Envoy's SotW start: CDS, EDS for the clusters, LDS, RDS for the listeners; ACKs all. */
  private Map<String, DiscoveryResponse> syncSotw(ScriptedAds c) {
    Map<String, DiscoveryResponse> last = new HashMap<>();
    c.request(CDS, "", "", List.of());
    DiscoveryResponse cds = c.next(CDS);
    c.ack(cds, List.of());
    c.request(EDS, "", "", AB);
    DiscoveryResponse eds = c.next(EDS);
    c.ack(eds, AB);
    c.request(LDS, "", "", List.of());
    DiscoveryResponse lds = c.next(LDS);
    c.ack(lds, List.of());
    c.request(RDS, "", "", EGRESS_AB);
    DiscoveryResponse rds = c.next(RDS);
    c.ack(rds, EGRESS_AB);
    last.put(CDS, cds);
    last.put(EDS, eds);
    last.put(LDS, lds);
    last.put(RDS, rds);
    return last;
  }

  @Test
  void ackedConfigIsNotResentAndAnEndpointChangeSendsOnlyThatAssignment() {
    publish("p1", Fixtures.group(AB, "10.0.0.1"));
    ScriptedAds c = sotw("p1");
    Map<String, DiscoveryResponse> got = syncSotw(c);
    assertEquals(AB, Fixtures.names(got.get(CDS).getResourcesList(), Cluster.class));
    assertEquals(AB, Fixtures.names(got.get(EDS).getResourcesList(), ClusterLoadAssignment.class));
    c.expectNothing(300);

    ProxyResources g = Fixtures.group(AB, "10.0.0.1");
    List<ClusterLoadAssignment> eps = new ArrayList<>(g.endpoints());
    eps.set(0, Fixtures.cla("a", "10.0.0.1", "10.0.0.2"));
    publish("p1", new ProxyResources(g.clusters(), eps, g.listeners(), g.routes()));
    DiscoveryResponse eds = c.next(EDS);
    assertEquals(List.of("a"), Fixtures.names(eds.getResourcesList(), ClusterLoadAssignment.class),
        "only the changed assignment is sent");
    assertEquals(2, Fixtures.unpackCla(eds.getResources(0)).getEndpoints(0).getLbEndpointsCount());
    assertNotEquals(got.get(EDS).getVersionInfo(), eds.getVersionInfo());
    c.ack(eds, AB);
    c.expectNothing(300);
  }

  @Test
  void aNackIsRecordedAndCountedNeverAnsweredWithTheSameVersionAndTheNextSnapshotIsDelivered() {
    publish("p1", Fixtures.group(AB, "10.0.0.1"));
    ScriptedAds c = sotw("p1");
    Map<String, DiscoveryResponse> first = syncSotw(c);
    publish("p1", Fixtures.group(List.of("a", "b", "c"), "10.0.0.1"));
    DiscoveryResponse cds = c.next(CDS);
    c.nack(cds, first.get(CDS).getVersionInfo(), List.of(), "cluster c: rejected by the test");
    // The listener for c went out right after the clusters (make-before-break order, no ACK wait);
    // after the NACK nothing more comes, in particular never the rejected clusters again.
    List<Object> after = c.all(1000);
    assertTrue(after.stream().noneMatch(o -> ((DiscoveryResponse) o).getTypeUrl().equals(CDS)),
        "the NACKed version was sent again: " + after);

    assertEquals(1, tracker.nacks());
    assertEquals(1.0, meters.get("wharf.xds.nacks").tag("type", "Cluster").counter().count());
    String view = tracker.view().toString();
    assertTrue(view.contains("cluster c: rejected by the test"), view);
    assertTrue(view.contains("nackedVersion=" + cds.getVersionInfo()), view);

    publish("p1", Fixtures.group(List.of("a", "b", "d"), "10.0.0.1"));
    DiscoveryResponse next = c.next(CDS);
    assertEquals(List.of("a", "b", "d"), Fixtures.names(next.getResourcesList(), Cluster.class));
    c.ack(next, List.of());
  }

  @Test
  void anInvalidResourceIsReportedAndTheLastGoodSnapshotKeepsServing() {
    publish("p1", Fixtures.group(AB, "10.0.0.1"));
    ScriptedAds c = sotw("p1");
    syncSotw(c);
    ProxyResources g = Fixtures.group(AB, "10.0.0.2");
    List<Cluster> bad = new ArrayList<>(g.clusters());
    bad.set(0, bad.get(0).toBuilder().setConnectTimeout(Duration.newBuilder().setSeconds(-1)).build());
    publish("p1", new ProxyResources(bad, g.endpoints(), g.listeners(), g.routes()));
    assertTrue(publisher.failures().get("p1").contains("connect_timeout"), publisher.failures().toString());
    c.expectNothing(500);

    List<Listener> dangling = List.of(Fixtures.listener("egress/x", "egress/nowhere", 10009));
    publish("p1", new ProxyResources(g.clusters(), g.endpoints(), dangling, g.routes()));
    assertTrue(publisher.failures().get("p1").contains("no RouteConfiguration egress/nowhere"),
        publisher.failures().toString());
    c.expectNothing(300);

    publish("p1", g);
    assertEquals(Map.of(), publisher.failures());
    assertEquals("10.0.0.2", Fixtures.unpackCla(c.next(EDS).getResources(0))
        .getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getAddress());
  }

  @Test
  void sotwReconnectWithTheCurrentVersionsGetsNothingAndWithOldOnesGetsTheCurrentConfig() {
    publish("p1", Fixtures.group(AB, "10.0.0.1"));
    ScriptedAds c = sotw("p1");
    Map<String, DiscoveryResponse> held = syncSotw(c);
    c.close();

    ScriptedAds again = sotw("p1");
    again.request(CDS, held.get(CDS).getVersionInfo(), "", List.of());
    again.request(EDS, held.get(EDS).getVersionInfo(), "", AB);
    again.request(LDS, held.get(LDS).getVersionInfo(), "", List.of());
    again.request(RDS, held.get(RDS).getVersionInfo(), "", EGRESS_AB);
    again.expectNothing(500);

    publish("p1", Fixtures.group(List.of("b"), "10.0.0.1"));
    again.close();
    ScriptedAds third = sotw("p1");
    third.request(CDS, held.get(CDS).getVersionInfo(), "", List.of());
    assertEquals(List.of("b"), Fixtures.names(third.next(CDS).getResourcesList(), Cluster.class));
  }

  @Test
  void deltaReconnectHonoursInitialResourceVersionsAndRemovesWhatWasDeletedWhileAway() {
    publish("p1", Fixtures.group(List.of("a", "b", "c"), "10.0.0.1"));
    ScriptedAds c = delta("p1");
    c.subscribe(CDS, List.of(), Map.of());
    DeltaDiscoveryResponse cds = c.nextDelta();
    assertEquals(3, cds.getResourcesCount());
    c.deltaAck(cds);
    Map<String, String> held = new HashMap<>();
    for (Resource r : cds.getResourcesList()) {
      held.put(r.getName(), r.getVersion());
    }
    c.close();

    // While the proxy is away: "c" is deleted, "a" changes, "b" stays.
    ProxyResources g = Fixtures.group(List.of("a", "b"), "10.0.0.1");
    List<Cluster> clusters = new ArrayList<>(g.clusters());
    clusters.set(0, clusters.get(0).toBuilder().setConnectTimeout(Duration.newBuilder().setSeconds(7)).build());
    publish("p1", new ProxyResources(clusters, g.endpoints(), g.listeners(), g.routes()));

    ScriptedAds again = delta("p1");
    again.subscribe(CDS, List.of(), held);
    DeltaDiscoveryResponse r = again.nextDelta();
    assertEquals(List.of("a"), r.getResourcesList().stream().map(Resource::getName).toList(), "only the changed one");
    again.deltaAck(r);
    DeltaDiscoveryResponse removal = again.nextDelta();
    assertEquals(0, removal.getResourcesCount());
    assertEquals(List.of("c"), removal.getRemovedResourcesList(), "the one deleted while away is removed, last");
    again.deltaAck(removal);
    again.expectNothing(300);
  }

  @Test
  void deltaAnswersASubscriptionWhenTheGroupHasNoResourcesOfThatType() {
    publish("empty", new ProxyResources(List.of(), List.of(), List.of(), List.of()));
    ScriptedAds c = delta("empty");
    c.subscribe(CDS, List.of(), Map.of());
    DeltaDiscoveryResponse cds = c.nextDelta();
    assertEquals(0, cds.getResourcesCount());
    c.deltaAck(cds);
    c.subscribe(LDS, List.of(), Map.of());
    assertEquals(LDS, c.nextDelta().getTypeUrl());
  }

  @Test
  void deltaNackIsNotAnsweredAndTheNextSnapshotIs() {
    publish("p1", Fixtures.group(AB, "10.0.0.1"));
    ScriptedAds c = delta("p1");
    c.subscribe(EDS, AB, Map.of());
    c.deltaAck(c.nextDelta());
    publish("p1", Fixtures.group(AB, "10.0.0.2"));
    DeltaDiscoveryResponse bad = c.nextDelta();
    c.deltaNack(bad, "bad endpoints");
    assertEquals(0, c.drain(800));
    assertEquals(1, tracker.nacks());
    publish("p1", Fixtures.group(AB, "10.0.0.3"));
    DeltaDiscoveryResponse next = c.nextDelta();
    assertEquals(2, next.getResourcesCount(), "both assignments: the proxy never accepted 10.0.0.2");
  }

  @Test
  void edsIsAnsweredDuringWarmingAlsoForNamesNotInTheSnapshot() {
    publish("p1", Fixtures.group(AB, "10.0.0.1"));
    ScriptedAds c = sotw("p1");
    c.request(EDS, "", "", List.of("a", "zzz-unknown"));
    DiscoveryResponse eds = c.next(EDS);
    assertEquals(List.of("a", "zzz-unknown"), Fixtures.names(eds.getResourcesList(), ClusterLoadAssignment.class));
    assertEquals(0, Fixtures.unpackCla(eds.getResources(1)).getEndpointsCount(), "an empty assignment");
    c.ack(eds, List.of("a", "zzz-unknown"));
    c.request(RDS, "", "", List.of("egress/unknown"));
    c.ack(c.next(RDS), List.of("egress/unknown"));

    ScriptedAds d = delta("p1");
    d.subscribe(EDS, List.of("nope"), Map.of());
    DeltaDiscoveryResponse r = d.nextDelta();
    assertEquals("nope", r.getResources(0).getName());
  }

  @Test
  void aChangedClusterIsFollowedByItsEndpointsAndRemovalsComeLast() {
    publish("p1", Fixtures.group(AB, "10.0.0.1"));
    ScriptedAds c = sotw("p1");
    syncSotw(c);
    // "a" changes, "b" goes (with its listener and route), "c" arrives.
    ProxyResources g = Fixtures.group(List.of("a", "c"), "10.0.0.1");
    List<Cluster> clusters = new ArrayList<>(g.clusters());
    clusters.set(0, clusters.get(0).toBuilder().setConnectTimeout(Duration.newBuilder().setSeconds(9)).build());
    publish("p1", new ProxyResources(clusters, g.endpoints(), g.listeners(), g.routes()));
    DiscoveryResponse cds = c.next(CDS);
    assertEquals(List.of("a", "c", "b"), Fixtures.names(cds.getResourcesList(), Cluster.class),
        "b is kept until listeners and routes moved off it");
    DiscoveryResponse eds = c.next(EDS);
    assertEquals(List.of("a"), Fixtures.names(eds.getResourcesList(), ClusterLoadAssignment.class),
        "the changed cluster's endpoints follow it (c is not subscribed yet)");
    DiscoveryResponse lds = c.next(LDS);
    assertEquals(List.of("egress/a", "egress/c"), Fixtures.names(lds.getResourcesList(), Listener.class));
    DiscoveryResponse last = c.next(CDS);
    assertEquals(List.of("a", "c"), Fixtures.names(last.getResourcesList(), Cluster.class), "removal last");
    c.ack(last, List.of());
  }

  @Test
  void groupsAreIsolated() {
    publish("p1", Fixtures.group(AB, "10.0.0.1"));
    publish("p2", Fixtures.group(AB, "10.0.0.1"));
    ScriptedAds one = sotw("p1");
    ScriptedAds two = sotw("p2");
    syncSotw(one);
    syncSotw(two);
    publish("p1", Fixtures.group(AB, "10.9.9.9"));
    assertEquals(EDS, one.next().getTypeUrl());
    two.expectNothing(500);
  }

  @Test
  void aProxyThatStopsReadingDoesNotStallTheOthers() throws Exception {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      many.add(String.format("svc-%04d", i));
    }
    publish("slow", Fixtures.group(many, "10.0.0.1"));
    publish("fast", Fixtures.group(AB, "10.0.0.1"));
    SlowClient slow = SlowClient.start(server.port(), "slow");
    ScriptedAds fast = sotw("fast");
    syncSotw(fast);
    try {
      for (int round = 2; round < 40; round++) {
        long t0 = System.nanoTime();
        publish("slow", Fixtures.group(many.subList(0, many.size() - round), "10.0.0." + round));
        publish("fast", Fixtures.group(AB, "10.0.1." + round));
        long publishMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(publishMs < 2000, "publish took " + publishMs + " ms");
        DiscoveryResponse r = fast.next(EDS);
        fast.ack(r, AB);
      }
      assertTrue(slow.received() < 10, "the stalled proxy was sent " + slow.received() + " responses");
    } finally {
      slow.close();
    }
  }
}
