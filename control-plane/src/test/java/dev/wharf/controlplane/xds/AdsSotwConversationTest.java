package dev.wharf.controlplane.xds;

import static dev.wharf.controlplane.xds.AdsFixture.cluster;
import static dev.wharf.controlplane.xds.AdsFixture.endpoints;
import static dev.wharf.controlplane.xds.AdsFixture.listener;
import static dev.wharf.controlplane.xds.AdsFixture.names;
import static dev.wharf.controlplane.xds.AdsFixture.routes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.xds.AdsFixture.SotwProxy;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The state-of-the-world ADS conversation, against the real server over loopback gRPC: NACK handling,
 * make-before-break ordering, and what a reconnecting proxy is sent (the rules in this package's
 * design note).
 */
class AdsSotwConversationTest {
  private final AdsFixture ads = new AdsFixture();

  @AfterEach
  void close() {
    ads.close();
  }

  /** A proxy that subscribed to CDS and LDS and ACKed both. */
  private SotwProxy synced() throws InterruptedException {
    SotwProxy p = ads.sotw();
    p.subscribe(XdsType.CLUSTER, "");
    p.ack(p.next("the first CDS response"));
    p.subscribe(XdsType.LISTENER, "");
    p.ack(p.next("the first LDS response"));
    return p;
  }

  @Test
  void aNackedVersionIsRecordedAndNeverResentAndTheNextVersionIsSentAndAcked() throws Exception {
    GroupSnapshot v1 = ads.publish(List.of(cluster("payments", 5)), List.of(), List.of());
    SotwProxy p = ads.sotw();
    p.subscribe(XdsType.CLUSTER, "");
    DiscoveryResponse bad = p.next("CDS v1");
    assertEquals(v1.get(XdsType.CLUSTER).version(), bad.getVersionInfo());
    p.nack(bad, "", "cluster payments: connect_timeout rejected");
    p.assertQuiet("a NACKed version must not be sent again");
    p.subscribe(XdsType.LISTENER, "");
    assertEquals(XdsType.LISTENER.typeUrl(), p.next("LDS after a new subscription").getTypeUrl());
    p.assertQuiet("another type's request must not bring the NACKed CDS version back");

    GroupSnapshot v2 = ads.publish(List.of(cluster("payments", 6)), List.of(), List.of());
    DiscoveryResponse good = p.next("CDS v2 after the NACK");
    assertEquals(v2.get(XdsType.CLUSTER).version(), good.getVersionInfo());
    assertEquals(List.of("payments"), names(good));
    p.ack(good);
    p.assertQuiet("an ACKed version needs no further response");
    ads.awaitStatus(XdsType.CLUSTER, "ackedVersion", v2.get(XdsType.CLUSTER).version());
  }

  @Test
  void aNackShowsInTheProxyStatusAndAtWharfProxiesWithTheRejectedVersionAndTheError() throws Exception {
    GroupSnapshot v1 = ads.publish(List.of(cluster("payments", 5)), List.of(), List.of());
    SotwProxy p = ads.sotw();
    p.subscribe(XdsType.CLUSTER, "");
    p.nack(p.next("CDS v1"), "", "cluster payments: bad config");
    p.subscribe(XdsType.LISTENER, "");
    p.next("LDS (proves the NACK before it was handled)");
    var status = ads.proxyStatus(XdsType.CLUSTER);
    assertEquals(v1.get(XdsType.CLUSTER).version(), status.get("nackedVersion"), status.toString());
    assertEquals("cluster payments: bad config", status.get("lastError"), status.toString());
    assertEquals(1L, status.get("nacks"), status.toString());
    assertEquals(null, status.get("ackedVersion"), "nothing was ACKed: " + status);
    assertEquals(1L, ads.tracker.nacks());
    String proxies = ads.proxiesEndpoint();
    assertTrue(proxies.contains("\"lastError\" : \"cluster payments: bad config\""), proxies);
    assertTrue(proxies.contains("\"nackedVersion\" : \"" + v1.get(XdsType.CLUSTER).version() + "\""), proxies);
  }

  @Test
  void aStaleNonceNackDoesNotRollBackTheLatestResponse() throws Exception {
    ads.publish(List.of(cluster("a", 5)), List.of(), List.of());
    SotwProxy p = ads.sotw();
    p.subscribe(XdsType.CLUSTER, "");
    DiscoveryResponse first = p.next("CDS v1");
    GroupSnapshot v2 = ads.publish(List.of(cluster("a", 6)), List.of(), List.of());
    DiscoveryResponse second = p.next("CDS v2");
    p.nack(first, "", "late complaint about v1");
    p.ack(second);
    p.assertQuiet("a NACK of an old nonce changes nothing");
    ads.awaitStatus(XdsType.CLUSTER, "ackedVersion", v2.get(XdsType.CLUSTER).version());
  }

  @Test
  void aRemovedClusterStaysUntilTheListenerThatUsedItIsReplaced() throws Exception {
    ads.publish(List.of(cluster("old", 5)), List.of(), List.of(listener("egress", "127.255.0.1", "old")));
    SotwProxy p = synced();
    GroupSnapshot v2 = ads.publish(List.of(cluster("new", 5)), List.of(),
        List.of(listener("egress", "127.255.0.1", "new")));

    DiscoveryResponse add = p.next("CDS adding the new cluster");
    assertEquals(XdsType.CLUSTER.typeUrl(), add.getTypeUrl());
    assertEquals(List.of("new", "old"), names(add), "the first CDS response keeps the cluster being removed");
    assertTrue(add.getVersionInfo().startsWith("mbb-"), "the union has a version of its own: " + add.getVersionInfo());
    DiscoveryResponse lds = p.next("LDS moving the listener to the new cluster");
    assertEquals(XdsType.LISTENER.typeUrl(), lds.getTypeUrl(), "listeners come after cluster additions");
    DiscoveryResponse remove = p.next("CDS removing the old cluster");
    assertEquals(XdsType.CLUSTER.typeUrl(), remove.getTypeUrl());
    assertEquals(List.of("new"), names(remove));
    assertEquals(v2.get(XdsType.CLUSTER).version(), remove.getVersionInfo());
    p.ack(lds);
    p.ack(remove);
    p.assertQuiet("the proxy holds the new snapshot");
  }

  @Test
  void aRemovedClusterStaysUntilTheRouteThatUsedItIsReplaced() throws Exception {
    ads.publish(List.of(cluster("old", 5)), List.of(), List.of(), List.of(routes("egress", "old")));
    SotwProxy p = ads.sotw();
    p.subscribe(XdsType.CLUSTER, "");
    p.ack(p.next("the first CDS response"));
    p.subscribe(XdsType.ROUTE, "", "egress");
    p.ack(p.next("the first RDS response"), "egress");
    ads.publish(List.of(cluster("new", 5)), List.of(), List.of(), List.of(routes("egress", "new")));

    DiscoveryResponse add = p.next("CDS adding the new cluster");
    assertEquals(List.of("new", "old"), names(add), "the first CDS response keeps the cluster being removed");
    DiscoveryResponse rds = p.next("RDS moving the route to the new cluster");
    assertEquals(XdsType.ROUTE.typeUrl(), rds.getTypeUrl(), "routes come after cluster additions");
    assertEquals(List.of("egress"), names(rds));
    DiscoveryResponse remove = p.next("CDS removing the old cluster");
    assertEquals(XdsType.CLUSTER.typeUrl(), remove.getTypeUrl(), "the removal comes after the route moved");
    assertEquals(List.of("new"), names(remove));
  }

  @Test
  void aNewClusterIsSentBeforeItsEndpointsAndOnlyTheNewAssignmentIsSent() throws Exception {
    ads.publish(List.of(cluster("a", 5)), List.of(endpoints("a", "127.1.0.1")), List.of());
    SotwProxy p = ads.sotw();
    p.subscribe(XdsType.CLUSTER, "");
    p.ack(p.next("CDS v1"));
    p.subscribe(XdsType.ENDPOINT, "", "a", "b");
    DiscoveryResponse eds1 = p.next("EDS v1");
    assertEquals(List.of("a", "b"), names(eds1), "b does not exist yet: answered with an empty assignment");
    p.ack(eds1, "a", "b");

    ads.publish(List.of(cluster("a", 5), cluster("b", 5)),
        List.of(endpoints("a", "127.1.0.1"), endpoints("b", "127.1.0.2")), List.of());
    DiscoveryResponse cds = p.next("CDS with cluster b");
    assertEquals(XdsType.CLUSTER.typeUrl(), cds.getTypeUrl(), "clusters before their endpoints");
    assertEquals(List.of("a", "b"), names(cds));
    DiscoveryResponse eds = p.next("EDS for b");
    assertEquals(XdsType.ENDPOINT.typeUrl(), eds.getTypeUrl());
    assertEquals(List.of("b"), names(eds), "a's assignment did not change and is not resent");
    ClusterLoadAssignment b = eds.getResources(0).unpack(ClusterLoadAssignment.class);
    assertEquals(1, b.getEndpoints(0).getLbEndpointsCount());
  }

  @Test
  void aChangedClusterIsFollowedByItsUnchangedEndpointsBecauseEnvoyRewarmsIt() throws Exception {
    ads.publish(List.of(cluster("a", 5)), List.of(endpoints("a", "127.1.0.1")), List.of());
    SotwProxy p = ads.sotw();
    p.subscribe(XdsType.CLUSTER, "");
    p.ack(p.next("CDS v1"));
    p.subscribe(XdsType.ENDPOINT, "", "a");
    p.ack(p.next("EDS v1"), "a");

    ads.publish(List.of(cluster("a", 9)), List.of(endpoints("a", "127.1.0.1")), List.of());
    DiscoveryResponse cds = p.next("CDS with the changed cluster");
    assertEquals(XdsType.CLUSTER.typeUrl(), cds.getTypeUrl());
    DiscoveryResponse eds = p.next("EDS for the re-warming cluster");
    assertEquals(XdsType.ENDPOINT.typeUrl(), eds.getTypeUrl());
    assertEquals(List.of("a"), names(eds));
  }

  @Test
  void aReconnectingProxyThatHoldsTheCurrentVersionIsSentNothing() throws Exception {
    GroupSnapshot v1 = ads.publish(List.of(cluster("a", 5)), List.of(), List.of());
    SotwProxy p = ads.sotw();
    p.subscribe(XdsType.CLUSTER, v1.get(XdsType.CLUSTER).version());
    p.assertQuiet("the proxy said it holds the current CDS version");

    SotwProxy stale = ads.sotw();
    stale.subscribe(XdsType.CLUSTER, "some-older-version");
    DiscoveryResponse r = stale.next("CDS for a proxy holding an older version");
    assertEquals(v1.get(XdsType.CLUSTER).version(), r.getVersionInfo());
    assertEquals(List.of("a"), names(r));
  }
}
