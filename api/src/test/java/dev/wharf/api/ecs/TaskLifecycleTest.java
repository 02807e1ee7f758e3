package dev.wharf.api.ecs;

import static dev.wharf.api.testing.ApiHarness.NETWORK;
import static dev.wharf.api.testing.ApiHarness.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.protocol.AwsException;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import dev.wharf.api.testing.ApiHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskLifecycleTest {
  private static final String TASK = "arn:aws:ecs:us-east-1:000000000000:task/prod/abc123";
  private final ApiHarness h = new ApiHarness();

  @BeforeEach
  void setUp() {
    h.ecsOk("CreateCluster", j("{'clusterName': 'prod', 'serviceConnectDefaults': {'namespace': 'prod'}}"));
    h.ecsOk("RegisterTaskDefinition", j("{'family': 'payments', 'networkMode': 'awsvpc', 'memory': '512', "
        + "'containerDefinitions': [{'name': 'app', 'image': 'demo', 'portMappings': [{'name': 'http', "
        + "'containerPort': 8080, 'appProtocol': 'http'}, {'name': 'admin', 'containerPort': 9090}]}]}"));
    h.ecsOk("CreateService", j("{'cluster': 'prod', 'serviceName': 'payments', 'taskDefinition': 'payments', "
        + NETWORK + ", 'desiredCount': 1, 'serviceConnectConfiguration': {'enabled': true, 'services': ["
        + "{'portName': 'http', 'discoveryName': 'payments', 'clientAliases': [{'port': 80}]}, "
        + "{'portName': 'admin', 'discoveryName': 'payments-admin', 'clientAliases': [{'port': 9090}], "
        + "'ingressPortOverride': 19090}]}}"));
    h.ecsOk("CreateService", j("{'cluster': 'prod', 'serviceName': 'plain', 'taskDefinition': 'payments', "
        + NETWORK + "}"));
  }

  private TaskRegistration reg(String service) {
    return new TaskRegistration(TASK, "prod", service, "loopback", "127.1.0.1", "127.2.0.1", "0.1", "us-east-1a");
  }

  @Test
  void registerMakesATaskAndOneInstancePerDiscoveryName() {
    Task task = h.store.apply(TaskLifecycle.register(reg("payments"), h.clock));
    assertEquals("RUNNING", task.lastStatus());
    assertTrue(task.connected());
    MeshState s = h.store.current();
    assertEquals(2, s.instances().size());
    Instance admin = s.instances().values().stream()
        .filter(i -> "19090".equals(i.attributes().get(Instance.PORT))).findFirst().orElseThrow();
    assertEquals("abc123", admin.id());
    assertEquals("payments", admin.attributes().get(Instance.ECS_TASK_DEFINITION_FAMILY));
    assertEquals("us-east-1", admin.attributes().get(Instance.REGION));
    assertEquals("us-east-1a", admin.attributes().get(Instance.AVAILABILITY_ZONE));
    assertTrue(s.services().get(task.serviceArn()).events().get(0).message().contains("steady state"));
  }

  @Test
  void everyMutationIsIdempotentAndANoOpReturnsTheSameState() {
    h.store.apply(TaskLifecycle.register(reg("payments"), h.clock));
    MeshState once = h.store.current();
    StateStore.Outcome<Task> again = TaskLifecycle.register(reg("payments"), h.clock).apply(once);
    assertSame(once, again.next());
    assertTrue(h.store.apply(TaskLifecycle.withdraw(TASK)));
    MeshState gone = h.store.current();
    assertTrue(gone.tasks().isEmpty());
    assertTrue(gone.instances().isEmpty());
    assertSame(gone, TaskLifecycle.withdraw(TASK).apply(gone).next());
    assertSame(gone, TaskLifecycle.markAllDisconnected().apply(gone).next());
    assertSame(gone, TaskLifecycle.withdrawDisconnected().apply(gone).next());
  }

  @Test
  void restartGraceKeepsReconnectedTasksAndWithdrawsTheRest() {
    h.store.apply(TaskLifecycle.register(reg("payments"), h.clock));
    String other = "arn:aws:ecs:us-east-1:000000000000:task/prod/def456";
    h.store.apply(TaskLifecycle.register(new TaskRegistration(other, "prod", "payments", "loopback",
        "127.1.0.2", "127.2.0.2", "0.2", null), h.clock));
    assertEquals(2, h.store.apply(TaskLifecycle.markAllDisconnected()));
    assertFalse(h.store.current().tasks().get(TASK).connected());
    h.store.apply(TaskLifecycle.register(reg("payments"), h.clock));
    assertEquals(1, h.store.apply(TaskLifecycle.withdrawDisconnected()));
    assertEquals(1, h.store.current().tasks().size());
    assertTrue(h.store.current().tasks().get(TASK).connected());
    assertEquals(2, h.store.current().instances().size());
  }

  @Test
  void unknownClusterServiceOrNonServiceConnectServiceIsRejected() {
    MeshState before = h.store.current();
    AwsException noService = assertThrows(AwsException.class,
        () -> h.store.apply(TaskLifecycle.register(reg("ghost"), h.clock)));
    assertEquals("ServiceNotFoundException", noService.errorType());
    AwsException plain = assertThrows(AwsException.class,
        () -> h.store.apply(TaskLifecycle.register(reg("plain"), h.clock)));
    assertEquals("InvalidParameterException", plain.errorType());
    AwsException noCluster = assertThrows(AwsException.class, () -> h.store.apply(TaskLifecycle.register(
        new TaskRegistration(TASK, "nope", "payments", "loopback", "127.1.0.1", null, null, null), h.clock)));
    assertEquals("ClusterNotFoundException", noCluster.errorType());
    assertEquals("InvalidParameterException", assertThrows(AwsException.class, () -> h.store.apply(
        TaskLifecycle.register(new TaskRegistration("garbage", "prod", "payments", null, null, null, null, null),
            h.clock))).errorType());
    assertSame(before, h.store.current());
  }
}
