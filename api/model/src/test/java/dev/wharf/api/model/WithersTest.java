package dev.wharf.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.AwsVpcConfiguration;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.DeploymentConfiguration;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.NetworkConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceEvent;
import dev.wharf.api.model.ecs.Task;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every {@code with...} method of the wide model records replaces the components it names and keeps
 * every other one, and always returns a new record. Checked by reflection, so a wither that passes two
 * same-typed fields in swapped order fails here.
 */
class WithersTest {

  @Test
  void taskWithers() throws Exception {
    Task t = new Task("arn:aws:ecs:us-east-1:1:task/c/t", "c", "s", "d", "td", "RUNNING", 1.0, "loopback",
        "127.1.0.1", "127.2.0.1", "0.1", "az", true);
    check(t, "withLastStatus", Set.of("lastStatus"), "STOPPED");
    check(t, "withConnected", Set.of("connected"), false);
  }

  @Test
  void deploymentWithers() throws Exception {
    Deployment d = deployment();
    check(d, "withStatus", Set.of("status"), "ACTIVE");
    check(d, "withDesiredCount", Set.of("desiredCount"), 9);
    check(d, "withCounts", Set.of("pendingCount", "runningCount"), 7, 8);
    check(d, "withUpdatedAt", Set.of("updatedAt"), 9.0);
    check(d, "withRolloutState", Set.of("rolloutState"), "COMPLETED");
    check(d, "withServiceConnectConfiguration", Set.of("serviceConnectConfiguration"),
        new ServiceConnectConfiguration(false, null, List.of(), null, null));
    check(d, "withRolloutStateReason", Set.of("rolloutStateReason"), "done");
  }

  @Test
  void serviceWithers() throws Exception {
    EcsService s = new EcsService("arn", "name", "cluster", "ACTIVE", 1, 2, 3, "FARGATE", "td",
        List.of(deployment()), List.of(new ServiceEvent("e", 1.0, "m")), 4.0,
        new NetworkConfiguration(new AwsVpcConfiguration(List.of("subnet-1"), List.of("sg-1"), "DISABLED")),
        DeploymentConfiguration.DEFAULT);
    check(s, "withStatus", Set.of("status"), "DRAINING");
    check(s, "withDesiredCount", Set.of("desiredCount"), 9);
    check(s, "withCounts", Set.of("runningCount", "pendingCount"), 7, 8);
    check(s, "withTaskDefinition", Set.of("taskDefinition"), "td2");
    check(s, "withDeployments", Set.of("deployments"), List.of());
    check(s, "withEvents", Set.of("events"), List.of());
    check(s, "withNetworkConfiguration", Set.of("networkConfiguration"),
        new NetworkConfiguration(new AwsVpcConfiguration(List.of("subnet-2"), null, "ENABLED")));
    check(s, "withDeploymentConfiguration", Set.of("deploymentConfiguration"),
        new DeploymentConfiguration(null, 150, 50, null));
  }

  @Test
  void namespaceWithers() throws Exception {
    Namespace n = new Namespace("id", "arn", "owner", "name", "HTTP", "desc", 1,
        new Namespace.Properties(new Namespace.HttpProperties("name")), 2.0, "req");
    check(n, "withServiceCount", Set.of("serviceCount"), 5);
    check(n, "withDescription", Set.of("description"), "other");
    check(n, "withCreatorRequestId", Set.of("creatorRequestId"), "req2");
  }

  @Test
  void discoveryServiceWithers() throws Exception {
    DiscoveryService d = new DiscoveryService("id", "arn", "owner", "name", "ns", "desc", "HTTP", 1,
        new DiscoveryService.HealthCheckCustomConfig(1), 2.0, "req", "acct", 3L);
    check(d, "withInstancesRevision", Set.of("instancesRevision"), 4L);
    check(d, "withInstanceCount", Set.of("instanceCount"), 5);
    check(d, "withDescription", Set.of("description"), "other");
    check(d, "withNamespaceId", Set.of("namespaceId"), "ns2");
    check(d, "withCreatorRequestId", Set.of("creatorRequestId"), "req2");
  }

  private static Deployment deployment() {
    return new Deployment("id", "PRIMARY", "td", 1, 2, 3, 4.0, 5.0, "IN_PROGRESS",
        new ServiceConnectConfiguration(true, "ns", List.of(), null, null), List.of(), "EC2",
        new NetworkConfiguration(new AwsVpcConfiguration(List.of("subnet-1"), null, null)), 0, null);
  }

  /** Calls {@code wither(args)}: the named components take {@code args} in order; the rest are kept. */
  private static void check(Record r, String wither, Set<String> changed, Object... args) throws Exception {
    Method m = null;
    for (Method c : r.getClass().getMethods()) {
      if (c.getName().equals(wither) && c.getParameterCount() == args.length) {
        m = c;
      }
    }
    Record out = (Record) m.invoke(r, args);
    assertNotSame(r, out, wither);
    List<Object> expectedChanged = new ArrayList<>(List.of(args));
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object before = c.getAccessor().invoke(r);
      Object after = c.getAccessor().invoke(out);
      if (changed.contains(c.getName())) {
        assertEquals(expectedChanged.remove(0), after, wither + " sets " + c.getName());
      } else {
        assertEquals(before, after, wither + " keeps " + c.getName());
      }
    }
    assertEquals(List.of(), expectedChanged, wither + " names every component it sets");
  }
}
