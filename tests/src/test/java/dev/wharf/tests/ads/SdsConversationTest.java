package dev.wharf.tests.ads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.wharf.controlplane.xds.ProxyStatusTracker;
import dev.wharf.controlplane.xds.SnapshotPublisher;
import dev.wharf.controlplane.xds.SnapshotStore;
import dev.wharf.controlplane.xds.XdsServer;
import dev.wharf.controlplane.xds.XdsType;
import dev.wharf.translator.ir.OutlierDetection;
import dev.wharf.translator.ir.Protocol;
import dev.wharf.translator.ir.Tls;
import dev.wharf.translator.ir.Upstream;
import dev.wharf.translator.xds.ClusterBuilder;
import dev.wharf.translator.xds.EndpointBuilder;
import dev.wharf.translator.xds.ProxyPlan;
import dev.wharf.translator.xds.ProxyResources;
import dev.wharf.translator.xds.TlsBuilder;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SDS over ADS (spec 56) with a scripted client over real gRPC: a stream is answered only with its own
 * group's secrets, whatever names it asks for; a renewed certificate is pushed as one Secret, with no
 * other type re-sent. A snapshot whose cluster names a secret it lacks is never published (Envoy would
 * warm that cluster for 15 s, then fail its connections).
 */
class SdsConversationTest {
  static final String SDS = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";
  private SnapshotPublisher publisher;
  private XdsServer server;
  private final Map<String, ProxyPlan> groups = new HashMap<>();
  private final List<ScriptedAds> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    SnapshotStore store = new SnapshotStore();
    publisher = new SnapshotPublisher(store);
    server = XdsServer.start("127.0.0.1", 0, store, new ProxyStatusTracker(new SimpleMeterRegistry()), List.of());
  }

  @AfterEach
  void stop() {
    clients.forEach(ScriptedAds::close);
    server.close();
  }

  private void publish(String group, List<Secret> secrets) {
    groups.put(group, new ProxyPlan(List.of(Fixtures.group(List.of("a"), "10.0.0.1"),
        ProxyResources.ofSecrets(secrets))));
    publisher.publish(Map.copyOf(groups));
    assertEquals(Map.of(), publisher.failures());
  }

  private static Secret cert(String name, String serial) {
    return TlsBuilder.certificate(name, "-----BEGIN CERTIFICATE-----\n" + serial + "\n", "key-" + serial);
  }

  @Test
  void aStreamGetsOnlyItsOwnGroupsSecretsAndARenewalSendsOnlyThatSecret() {
    Secret trust = TlsBuilder.trustBundle("trust", "-----BEGIN CERTIFICATE-----\nroot\n");
    publish("payments-1", List.of(cert("cert~payments", "1"), trust));
    publish("ledger-1", List.of(cert("cert~ledger", "2"), trust));
    ScriptedAds c = ScriptedAds.sotw(server.port(), "payments-1");
    clients.add(c);
    List<String> asked = List.of("cert~ledger", "cert~payments", "trust");
    c.request(SDS, "", "", asked);
    DiscoveryResponse r = c.next(SDS);
    assertEquals(List.of("cert~payments", "trust"), names(r), "secrets sent to payments-1");
    c.ack(r, asked);
    c.expectNothing(300);

    publish("payments-1", List.of(cert("cert~payments", "3"), trust));
    DiscoveryResponse renewed = c.next(SDS);
    assertEquals(List.of("cert~payments"), names(renewed), "a renewal sends the renewed certificate only");
    assertNotEquals(r.getVersionInfo(), renewed.getVersionInfo());
    c.ack(renewed, asked);
    c.expectNothing(300);
  }

  @Test
  void aClusterNamingASecretTheSnapshotLacksIsNeverPublished() {
    Upstream u = new Upstream("payments", Protocol.HTTP, List.of(), new Tls("prod"));
    ProxyResources tlsCluster = new ProxyResources(List.of(ClusterBuilder.upstream(u, new OutlierDetection(5,
        Duration.ofSeconds(30), Duration.ofSeconds(300), OutlierDetection.DEFAULT_INTERVAL))),
        List.of(EndpointBuilder.upstream(u)), List.of(), List.of());
    publisher.publish(Map.of("checkout-1", ProxyPlan.of(tlsCluster)));
    assertTrue(publisher.failures().getOrDefault("checkout-1", "").contains("Cluster payments: no Secret trust"),
        "published without its trust bundle: " + publisher.failures());
    assertNull(publisher.current("checkout-1"));
    Secret trust = TlsBuilder.trustBundle("trust", "-----BEGIN CERTIFICATE-----\nroot\n");
    publisher.publish(Map.of("checkout-1", new ProxyPlan(List.of(tlsCluster, ProxyResources.ofSecrets(
        List.of(trust))))));
    assertEquals(Map.of(), publisher.failures());
    assertEquals(1, publisher.current("checkout-1").get(XdsType.SECRET).size());
  }

  private static List<String> names(DiscoveryResponse r) {
    List<String> out = new ArrayList<>();
    for (Any a : r.getResourcesList()) {
      try {
        out.add(a.unpack(Secret.class).getName());
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    out.sort(null);
    return out;
  }
}
