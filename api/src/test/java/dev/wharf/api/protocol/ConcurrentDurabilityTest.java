package dev.wharf.api.protocol;

import static dev.wharf.api.testing.ApiHarness.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.state.H2StateStore;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.testing.ApiHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 "Durability": 32 clients send 10,000 mutations in all through {@link AwsJsonService} to an
 * H2 store; after reopening it, every acknowledged operation is there, nothing else is, and no id is
 * duplicated.
 */
class ConcurrentDurabilityTest {
  @TempDir Path dir;

  @Test
  void thirtyTwoClientsTenThousandMutationsLoseNothing() throws Exception {
    int clients = 32;
    int perClient = 10_000 / clients + 1;
    Set<String> ackedInstances = ConcurrentHashMap.newKeySet();
    Set<String> operationIds = ConcurrentHashMap.newKeySet();
    List<String> serviceIds = new ArrayList<>();
    try (H2StateStore store = H2StateStore.open(dir)) {
      ApiHarness h = new ApiHarness(store, ApiOptions.defaults());
      h.cloudMapOk("CreateHttpNamespace", j("{'Name': 'prod'}"));
      String nsId = store.current().namespaces().firstKey();
      for (int i = 0; i < 16; i++) {
        serviceIds.add(h.cloudMapOk("CreateService", j("{'Name': 's" + i + "', 'NamespaceId': '" + nsId + "'}"))
            .at("/Service/Id").asText());
      }
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perClient; i++) {
            String srv = serviceIds.get((client + i) % serviceIds.size());
            String id = "c" + client + "-" + i;
            ApiHarness.Result r = h.cloudMap("RegisterInstance", j("{'ServiceId': '" + srv + "', 'InstanceId': '"
                + id + "', 'Attributes': {'AWS_INSTANCE_IPV4': '10.0.0.1'}}"));
            if (r.status() == 200) {
              ackedInstances.add(MeshState.instanceKey(srv, id));
              assertTrue(operationIds.add(r.body().get("OperationId").asText()), "duplicate operation id");
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
    }
    assertEquals(clients * perClient, ackedInstances.size());
    try (H2StateStore reopened = H2StateStore.open(dir)) {
      MeshState s = reopened.current();
      assertEquals(ackedInstances, s.instances().keySet());
      for (Instance i : s.instances().values()) {
        assertEquals("10.0.0.1", i.attributes().get(Instance.IPV4));
      }
      assertTrue(s.operations().keySet().containsAll(operationIds));
      assertEquals(1 + 16 + ackedInstances.size(), s.revision());
    }
  }
}
