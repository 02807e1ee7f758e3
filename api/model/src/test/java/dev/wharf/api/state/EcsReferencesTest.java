package dev.wharf.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.ClusterServiceConnectDefaults;
import dev.wharf.api.model.ecs.ServiceConnectClientAlias;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectNames;
import dev.wharf.api.model.ecs.ServiceConnectService;
import dev.wharf.api.model.ecs.TaskDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ECS rules the API and the translator share: naming defaults and scoped references. */
class EcsReferencesTest {
  private static final Scope HOME = new Scope("111122223333", "us-east-1");

  @Test
  void emptyDiscoveryNameAndDnsNameAreUnset() {
    ServiceConnectService entry = new ServiceConnectService("http", "", null, null, null, null);
    assertEquals("http", entry.effectiveDiscoveryName());
    assertEquals("http.prod", ServiceConnectNames.dnsName(new ServiceConnectClientAlias(80, "", null), "http", "prod"));
    assertEquals("db", ServiceConnectNames.dnsName(new ServiceConnectClientAlias(80, "db", null), "http", "prod"));
  }

  @Test
  void namespaceRefFallsBackToTheClusterDefault() {
    Cluster cluster = new Cluster("arn:c", "c", "ACTIVE", new ClusterServiceConnectDefaults("dflt"), 0, 0, 0, 0);
    assertEquals("dflt", ServiceConnectNames.namespaceRef(config(""), cluster));
    assertEquals("prod", ServiceConnectNames.namespaceRef(config("prod"), cluster));
  }

  @Test
  void namespacesResolveByNameOrArnWithinTheScopeOnly() {
    MeshState s = MeshState.EMPTY
        .put(MeshState.NAMESPACES, "ns-a", ns("ns-a", "999999999999", "prod"))
        .put(MeshState.NAMESPACES, "ns-b", ns("ns-b", "111122223333", "prod"));
    assertEquals("ns-b", EcsReferences.namespace(s, HOME, "prod").id());
    assertEquals("ns-b", EcsReferences.namespace(s, HOME, ns("ns-b", "111122223333", "prod").arn()).id());
    assertNull(EcsReferences.namespace(s, HOME, ns("ns-a", "999999999999", "prod").arn()));
    assertNull(EcsReferences.namespace(s, HOME, "ns-b"), "ECS takes a name or an ARN, not a Cloud Map id");
  }

  @Test
  void aBareFamilyIsItsLatestActiveRevision() {
    MeshState s = MeshState.EMPTY;
    for (int rev = 1; rev <= 3; rev++) {
      TaskDefinition td = td(rev, rev == 3 ? "INACTIVE" : "ACTIVE");
      s = s.put(MeshState.TASK_DEFINITIONS, td.taskDefinitionArn(), td);
    }
    assertEquals(2, EcsReferences.taskDefinition(s, HOME, "web").revision());
    assertEquals(3, EcsReferences.taskDefinition(s, HOME, "web:3").revision());
    assertNull(EcsReferences.taskDefinition(s, new Scope("111122223333", "eu-west-1"), "web:1"));
  }

  private static ServiceConnectConfiguration config(String namespace) {
    return new ServiceConnectConfiguration(true, namespace, List.of(), null, null);
  }

  private static Namespace ns(String id, String account, String name) {
    return new Namespace(id, "arn:aws:servicediscovery:us-east-1:" + account + ":namespace/" + id, account, name,
        "HTTP", null, null, null, null, null);
  }

  private static TaskDefinition td(int revision, String status) {
    return new TaskDefinition("arn:aws:ecs:us-east-1:111122223333:task-definition/web:" + revision, "web", revision,
        status, "awsvpc", null, "512", List.of(), null, null, null);
  }
}
