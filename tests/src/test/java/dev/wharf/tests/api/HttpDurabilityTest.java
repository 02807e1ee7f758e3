package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.state.H2StateStore;
import dev.wharf.api.state.MeshState;
import dev.wharf.tests.harness.Mesh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Durability against the real server over HTTP: 32 concurrent clients send 10,000 mutations
 * in all (Cloud Map RegisterInstance and DeregisterInstance, ECS CreateCluster). Every reply is
 * either an acknowledgement or an AWS error; afterwards, with the server stopped and its H2 store
 * reopened from disk, the state is exactly what the acknowledged operations say: every acknowledged
 * instance and cluster is there, nothing else, no id is duplicated, and the store revision counts the
 * acknowledged mutations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpDurabilityTest {
  private static final int CLIENTS = 32;
  private static final int MUTATIONS = 10_000;
  private static final String CM = "Route53AutoNaming_v20170314.";
  private static final String ECS = "AmazonEC2ContainerServiceV20141113.";

  // What the server acknowledged, as the clients saw it.
  private final Set<String> instances = ConcurrentHashMap.newKeySet();
  private final Set<String> clusters = ConcurrentHashMap.newKeySet();
  private final Set<String> operationIds = ConcurrentHashMap.newKeySet();
  private final AtomicInteger acked = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger sent = new AtomicInteger();
  private long setupRevision;
  /** The state read back from disk after the server stopped. */
  private MeshState onDisk;

  /** Sends the mutations, stops the server, and reopens its H2 store from disk. */
  @BeforeAll
  void sendTheMutationsThenReopenTheStore() throws Exception {
    Path dataDir;
    try (Mesh mesh = Mesh.start()) {
      dataDir = mesh.controlPlane().config().dataDir();
      String nsId = mesh.namespace("durable");
      List<String> services = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        services.add(mesh.call("servicediscovery", "CreateService", Map.of("Name", "s" + i, "NamespaceId", nsId))
            .at("/Service/Id").asText());
      }
      setupRevision = mesh.controlPlane().store().current().revision();
      URI endpoint = URI.create("http://127.0.0.1:" + mesh.controlPlane().apiPort() + "/");
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        int count = MUTATIONS / CLIENTS + (client < MUTATIONS % CLIENTS ? 1 : 0);
        futures.add(pool.submit(() -> {
          runClient(client, count, endpoint, services);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
    }
    // The server is gone; what is on disk is the truth.
    try (H2StateStore reopened = H2StateStore.open(dataDir)) {
      onDisk = reopened.current();
    }
  }

  @Test
  void everyMutationIsAnsweredWithAnAcknowledgementOrAnAwsError() {
    assertEquals(MUTATIONS, sent.get());
    assertEquals(MUTATIONS, acked.get() + rejected.get());
  }

  @Test
  void atLeastNineInTenMutationsAreAcknowledged() {
    assertTrue(acked.get() >= MUTATIONS * 9 / 10, "acknowledged " + acked.get() + " of " + MUTATIONS);
  }

  @Test
  void theReopenedStoreHoldsExactlyTheAcknowledgedInstances() {
    assertEquals(instances, onDisk.instances().keySet());
    for (Instance i : onDisk.instances().values()) {
      assertTrue(i.attributes().get(Instance.IPV4).startsWith("10.0."), i.toString());
    }
  }

  @Test
  void theReopenedStoreHoldsExactlyTheAcknowledgedClusters() {
    assertEquals(clusters, new HashSet<>(onDisk.clusters().keySet()));
  }

  @Test
  void theReopenedStoreKeepsEveryAcknowledgedOperation() {
    assertTrue(onDisk.operations().keySet().containsAll(operationIds));
  }

  @Test
  void theStoreRevisionCountsTheAcknowledgedMutations() {
    assertEquals(setupRevision + acked.get(), onDisk.revision(), "one revision per acknowledged mutation");
  }

  /**
   * One client's share: every 25th call a CreateCluster, every 10th a DeregisterInstance of one of its
   * older instances, the rest RegisterInstance round-robin over the services.
   */
  private void runClient(int client, int count, URI endpoint, List<String> services) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Deque<String[]> mine = new ArrayDeque<>();
    for (int i = 0; i < count; i++) {
      sent.incrementAndGet();
      boolean ack;
      if (i % 25 == 24) {
        ack = createCluster(http, endpoint, "c" + client + "-" + i);
      } else if (i % 10 == 9 && mine.size() > 5) {
        ack = deregister(http, endpoint, mine.pollFirst()); // registered a while ago, so its operation is done
      } else {
        String srv = services.get((client + i) % services.size());
        String id = "c" + client + "-" + i;
        ack = register(http, endpoint, srv, id, "10.0." + client + "." + (i % 250));
        if (ack) {
          mine.addLast(new String[] {srv, id});
        }
      }
      (ack ? acked : rejected).incrementAndGet();
    }
  }

  private boolean createCluster(HttpClient http, URI endpoint, String name) {
    JsonNode reply = call(http, endpoint, ECS + "CreateCluster", "{\"clusterName\":\"" + name + "\"}");
    if (reply != null) {
      assertTrue(clusters.add("arn:aws:ecs:us-east-1:000000000000:cluster/" + name), "cluster twice: " + name);
      assertEquals("arn:aws:ecs:us-east-1:000000000000:cluster/" + name, reply.at("/cluster/clusterArn").asText());
    }
    return reply != null;
  }

  private boolean deregister(HttpClient http, URI endpoint, String[] victim) {
    JsonNode reply = call(http, endpoint, CM + "DeregisterInstance",
        "{\"ServiceId\":\"" + victim[0] + "\",\"InstanceId\":\"" + victim[1] + "\"}");
    if (reply != null) {
      assertTrue(instances.remove(MeshState.instanceKey(victim[0], victim[1])));
      assertTrue(operationIds.add(reply.path("OperationId").asText()), "duplicate operation id");
    }
    return reply != null;
  }

  private boolean register(HttpClient http, URI endpoint, String srv, String id, String ipv4) {
    JsonNode reply = call(http, endpoint, CM + "RegisterInstance", "{\"ServiceId\":\"" + srv
        + "\",\"InstanceId\":\"" + id + "\",\"Attributes\":{\"AWS_INSTANCE_IPV4\":\"" + ipv4 + "\"}}");
    if (reply != null) {
      assertTrue(instances.add(MeshState.instanceKey(srv, id)));
      assertTrue(operationIds.add(reply.path("OperationId").asText()), "duplicate operation id");
    }
    return reply != null;
  }

  /** The reply body of an acknowledged call, or null for an AWS error (which must be a well-formed 400). */
  private static JsonNode call(HttpClient http, URI endpoint, String target, String body) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
          .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", target)
          .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return Mesh.JSON.readTree(r.body());
      }
      assertEquals(400, r.statusCode(), target + " " + body + " -> " + r.body());
      assertTrue(r.headers().firstValue("X-Amzn-ErrorType").isPresent(), r.body());
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
