package dev.wharf.api.ecs;

import static dev.wharf.api.testing.ApiHarness.NETWORK;
import static dev.wharf.api.testing.ApiHarness.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.testing.ApiHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ECS StopTask: the drain's first step (spec 47, pain 4.2). */
class StopTaskTest {
  private static final String TASK = "arn:aws:ecs:us-east-1:000000000000:task/prod/abc123";
  private final ApiHarness h = new ApiHarness();

  @BeforeEach
  void setUp() {
    h.ecsOk("CreateCluster", j("{'clusterName': 'prod', 'serviceConnectDefaults': {'namespace': 'prod'}}"));
    h.ecsOk("RegisterTaskDefinition", j("{'family': 'payments', 'networkMode': 'awsvpc', 'memory': '512', "
        + "'containerDefinitions': [{'name': 'app', 'image': 'demo', 'portMappings': [{'name': 'http', "
        + "'containerPort': 8080, 'appProtocol': 'http'}]}]}"));
    h.ecsOk("CreateService", j("{'cluster': 'prod', 'serviceName': 'payments', 'taskDefinition': 'payments', "
        + NETWORK + ", 'desiredCount': 1, 'serviceConnectConfiguration': {'enabled': true, 'services': ["
        + "{'portName': 'http', 'discoveryName': 'payments', 'clientAliases': [{'port': 80}]}]}}"));
    h.store.apply(TaskLifecycle.register(new TaskRegistration(TASK, "prod", "payments", "loopback",
        "127.1.0.1", "127.2.0.1", "0.1", null), h.clock));
  }

  @Test
  void stopTaskDeregistersTheInstanceAndKeepsTheTaskDeactivatingUntilItsSidecarLeaves() {
    assertEquals(1, h.store.current().instances().size());
    JsonNode out = h.ecsOk("StopTask", j("{'cluster': 'prod', 'task': 'abc123', 'reason': 'scale in'}"));
    assertEquals("DEACTIVATING", out.at("/task/lastStatus").asText());
    assertEquals("STOPPED", out.at("/task/desiredStatus").asText());
    MeshState s = h.store.current();
    assertEquals(0, s.instances().size(), "clients must drop the endpoint at once");
    assertEquals("DEACTIVATING", s.tasks().get(TASK).lastStatus());

    // A reconnect while draining does not put it back into Cloud Map.
    Task again = h.store.apply(TaskLifecycle.register(new TaskRegistration(TASK, "prod", "payments", "loopback",
        "127.1.0.1", "127.2.0.1", "0.1", null), h.clock));
    assertEquals("DEACTIVATING", again.lastStatus());
    assertSame(s, h.store.current());

    h.store.apply(TaskLifecycle.withdraw(TASK));
    assertTrue(h.store.current().tasks().isEmpty());
  }

  @Test
  void stoppingAnUnknownTaskIsInvalidParameterAndChangesNothing() {
    MeshState before = h.store.current();
    ApiHarness.Result err = h.ecs("StopTask", j("{'cluster': 'prod', 'task': 'nope'}"));
    assertEquals(400, err.status());
    assertEquals("InvalidParameterException", err.errorType());
    assertEquals("The referenced task was not found.", err.message());
    assertSame(before, h.store.current());
  }
}
