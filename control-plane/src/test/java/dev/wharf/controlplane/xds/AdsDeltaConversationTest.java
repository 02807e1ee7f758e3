package dev.wharf.controlplane.xds;

import static dev.wharf.controlplane.xds.AdsFixture.cluster;
import static dev.wharf.controlplane.xds.AdsFixture.endpoints;
import static dev.wharf.controlplane.xds.AdsFixture.listener;
import static dev.wharf.controlplane.xds.AdsFixture.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.controlplane.xds.AdsFixture.DeltaProxy;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delta (incremental) ADS conversation, against the real server over loopback gRPC: first
 * answers, reconnects with {@code initial_resource_versions}, removals, NACKs.
 */
class AdsDeltaConversationTest {
  private final AdsFixture ads = new AdsFixture();

  @AfterEach
  void close() {
    ads.close();
  }

  private static String version(GroupSnapshot g, XdsType t, String name) {
    return g.get(t).versionOf(name);
  }

  @Test
  void aFirstSubscriptionIsAnsweredEvenWhenTheGroupHasNoResourcesOfThatType() throws Exception {
    ads.publish(List.of(cluster("a", 5)), List.of(), List.of());
    DeltaProxy p = ads.delta();
    p.subscribe(XdsType.LISTENER, Map.of());
    DeltaDiscoveryResponse r = p.next("an empty LDS answer, so Envoy finishes initializing");
    assertEquals(XdsType.LISTENER.typeUrl(), r.getTypeUrl());
    assertEquals(0, r.getResourcesCount());
    assertEquals(0, r.getRemovedResourcesCount());
  }

  @Test
  void aReconnectIsSentOnlyWhatDiffersAndTheNamesRemovedWhileItWasAway() throws Exception {
    GroupSnapshot g = ads.publish(List.of(cluster("same", 5), cluster("changed", 7), cluster("added", 5)),
        List.of(), List.of());
    DeltaProxy p = ads.delta();
    p.subscribe(XdsType.CLUSTER, Map.of(
        "same", version(g, XdsType.CLUSTER, "same"),
        "changed", "an-older-version",
        "gone", "a-version-of-a-deleted-cluster"));
    DeltaDiscoveryResponse r = p.next("the CDS differences");
    assertEquals(List.of("added", "changed"), names(r), "'same' is held in the current version");
    assertEquals(List.of(), r.getRemovedResourcesList(), "cluster removals come last, in a response of their own");
    assertEquals(g.get(XdsType.CLUSTER).version(), r.getSystemVersionInfo());
    DeltaDiscoveryResponse removal = p.next("the CDS removal of what was deleted while the proxy was away");
    assertEquals(List.of(), names(removal));
    assertEquals(List.of("gone"), removal.getRemovedResourcesList());
    p.ack(r);
    p.ack(removal);
    p.assertQuiet("the proxy now holds the current snapshot");
  }

  @Test
  void aReconnectHoldingEverythingCurrentIsSentNothing() throws Exception {
    GroupSnapshot g = ads.publish(List.of(cluster("a", 5), cluster("b", 5)), List.of(), List.of());
    DeltaProxy p = ads.delta();
    p.subscribe(XdsType.CLUSTER, Map.of("a", version(g, XdsType.CLUSTER, "a"), "b", version(g, XdsType.CLUSTER, "b")));
    p.assertQuiet("the proxy's initial_resource_versions equal the snapshot");
  }

  @Test
  void aClusterIsRemovedOnlyAfterTheListenerMovedOffItAndItsEndpointsAreLeftToEnvoy() throws Exception {
    ads.publish(List.of(cluster("old", 5)), List.of(endpoints("old", "127.1.0.1")),
        List.of(listener("egress", "127.255.0.1", "old")));
    DeltaProxy p = ads.delta();
    p.subscribe(XdsType.CLUSTER, Map.of());
    p.ack(p.next("CDS v1"));
    p.subscribe(XdsType.ENDPOINT, Map.of(), "old");
    p.ack(p.next("EDS v1"));
    p.subscribe(XdsType.LISTENER, Map.of());
    p.ack(p.next("LDS v1"));

    ads.publish(List.of(cluster("new", 5)), List.of(endpoints("new", "127.1.0.2")),
        List.of(listener("egress", "127.255.0.1", "new")));
    DeltaDiscoveryResponse add = p.next("CDS adding the new cluster");
    assertEquals(XdsType.CLUSTER.typeUrl(), add.getTypeUrl());
    assertEquals(List.of("new"), names(add));
    assertEquals(List.of(), add.getRemovedResourcesList(), "no removal before the listener moved");
    DeltaDiscoveryResponse lds = p.next("LDS moving the listener");
    assertEquals(XdsType.LISTENER.typeUrl(), lds.getTypeUrl());
    assertEquals(List.of("egress"), names(lds));
    DeltaDiscoveryResponse remove = p.next("CDS removing the old cluster");
    assertEquals(XdsType.CLUSTER.typeUrl(), remove.getTypeUrl());
    assertEquals(List.of(), names(remove));
    assertEquals(List.of("old"), remove.getRemovedResourcesList());
    p.ack(lds);
    p.ack(remove);
    p.assertQuiet("the old assignment is not removed by the server: Envoy drops it with its cluster");
  }

  @Test
  void aNackedVersionIsNotResentAndTheNextOneIsSentAndAcked() throws Exception {
    ads.publish(List.of(cluster("a", 5)), List.of(), List.of());
    DeltaProxy p = ads.delta();
    p.subscribe(XdsType.CLUSTER, Map.of());
    DeltaDiscoveryResponse bad = p.next("CDS v1");
    p.nack(bad, "cluster a: rejected");
    p.assertQuiet("a NACKed version must not be sent again");
    var status = ads.awaitStatus(XdsType.CLUSTER, "nackedVersion", bad.getSystemVersionInfo());
    assertEquals("cluster a: rejected", status.get("lastError"), status.toString());

    GroupSnapshot v2 = ads.publish(List.of(cluster("a", 6)), List.of(), List.of());
    DeltaDiscoveryResponse good = p.next("CDS v2 after the NACK");
    assertEquals(List.of("a"), names(good), "the proxy rolled back to holding nothing, so a is sent whole");
    p.ack(good);
    p.assertQuiet("an ACKed version needs no further response");
    ads.awaitStatus(XdsType.CLUSTER, "ackedVersion", v2.get(XdsType.CLUSTER).version());
  }
}
