package dev.wharf.api.tasks;

import dev.wharf.api.arn.Arn;
import dev.wharf.api.arn.Arns;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.ecs.ContainerDefinition;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.PortMapping;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectService;
import dev.wharf.api.model.ecs.ServiceConnectServiceResource;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.protocol.AwsException;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The state changes a task's life makes, as ECS makes them: a task whose sidecar connects is
 * RUNNING and is registered as a Cloud Map instance of each discovery name of its deployment (spec 17,
 * 19); a task that goes away is deregistered. All are idempotent, and a no-op returns the same
 * {@link MeshState} instance, so the store writes nothing.
 */
public final class TaskLifecycle {
  private TaskLifecycle() {}

  /**
   * Registers (or re-registers, after a reconnect) the task. Rejected with ClusterNotFoundException,
   * ServiceNotFoundException, or InvalidParameterException when the service has no Service Connect
   * deployment.
   */
  public static StateStore.Mutation<Task> register(TaskRegistration reg, Clock clock) {
    return state -> {
      Arn arn = Arn.parse(reg.taskArn());
      String clusterArn = Arns.cluster(arn.region(), arn.account(), reg.clusterName());
      if (!state.clusters().containsKey(clusterArn)) {
        throw new AwsException("ClusterNotFoundException", "Cluster not found.");
      }
      String serviceArn = Arns.service(arn.region(), arn.account(), reg.clusterName(), reg.serviceName());
      EcsService service = state.services().get(serviceArn);
      if (service == null || !"ACTIVE".equals(service.status())) {
        throw new AwsException("ServiceNotFoundException", "Service not found.");
      }
      Deployment deployment = service.primaryDeployment();
      ServiceConnectConfiguration sc = deployment == null ? null : deployment.serviceConnectConfiguration();
      if (sc == null || !Boolean.TRUE.equals(sc.enabled())) {
        throw new AwsException("InvalidParameterException",
            "Service " + reg.serviceName() + " does not use Service Connect.");
      }
      Task previous = state.tasks().get(reg.taskArn());
      Double startedAt = previous != null && previous.startedAt() != null
          ? previous.startedAt() : clock.millis() / 1000.0;
      Task task = new Task(reg.taskArn(), clusterArn, serviceArn, deployment.id(), deployment.taskDefinition(),
          "RUNNING", startedAt, reg.layout(), reg.ingressIp(), reg.appIp(), reg.slot(), reg.availabilityZone(), true);
      Map<String, Instance> instances = new HashMap<>(state.instances());
      removeInstancesOf(instances, task.taskId(), previous);
      TaskDefinition td = state.taskDefinitions().get(deployment.taskDefinition());
      for (ServiceConnectService entry : sc.services() == null ? java.util.List.<ServiceConnectService>of() : sc.services()) {
        String discoveryName = entry.discoveryName() != null ? entry.discoveryName() : entry.portName();
        String serviceId = discoveryServiceId(deployment, discoveryName);
        PortMapping port = portMapping(td, entry.portName());
        if (serviceId == null || port == null || !state.discoveryServices().containsKey(serviceId)) {
          continue;
        }
        int ingressPort = entry.ingressPortOverride() != null ? entry.ingressPortOverride() : port.containerPort();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(Instance.IPV4, reg.ingressIp());
        attributes.put(Instance.PORT, String.valueOf(ingressPort));
        attributes.put(Instance.ECS_CLUSTER_NAME, reg.clusterName());
        attributes.put(Instance.ECS_SERVICE_NAME, reg.serviceName());
        attributes.put(Instance.ECS_TASK_DEFINITION_FAMILY, td.family());
        attributes.put(Instance.REGION, arn.region());
        if (reg.availabilityZone() != null) {
          attributes.put(Instance.AVAILABILITY_ZONE, reg.availabilityZone());
        }
        instances.put(MeshState.instanceKey(serviceId, task.taskId()),
            new Instance(task.taskId(), serviceId, attributes, null, arn.account(), null));
      }
      if (task.equals(previous) && instances.equals(state.instances())) {
        return new StateStore.Outcome<>(state, task);
      }
      Map<String, Task> tasks = new TreeMap<>(state.tasks());
      tasks.put(task.taskArn(), task);
      return new StateStore.Outcome<>(state.withTasks(tasks).withInstances(instances), task);
    };
  }

  /** Removes the task and its Cloud Map instances; a no-op when the task is unknown. */
  public static StateStore.Mutation<Boolean> withdraw(String taskArn) {
    return state -> {
      Task task = state.tasks().get(taskArn);
      if (task == null) {
        return new StateStore.Outcome<>(state, false);
      }
      Map<String, Task> tasks = new TreeMap<>(state.tasks());
      tasks.remove(taskArn);
      Map<String, Instance> instances = new HashMap<>(state.instances());
      removeInstancesOf(instances, task.taskId(), task);
      return new StateStore.Outcome<>(state.withTasks(tasks).withInstances(instances), true);
    };
  }

  /** Marks every task disconnected (at server start: their sidecars must reconnect). */
  public static StateStore.Mutation<Integer> markAllDisconnected() {
    return state -> {
      Map<String, Task> tasks = new TreeMap<>();
      int changed = 0;
      for (Task t : state.tasks().values()) {
        if (!Boolean.FALSE.equals(t.connected())) {
          changed++;
          t = new Task(t.taskArn(), t.clusterArn(), t.serviceArn(), t.deploymentId(), t.taskDefinitionArn(),
              t.lastStatus(), t.startedAt(), t.layout(), t.ingressIp(), t.appIp(), t.slot(), t.availabilityZone(), false);
        }
        tasks.put(t.taskArn(), t);
      }
      return new StateStore.Outcome<>(changed == 0 ? state : state.withTasks(tasks), changed);
    };
  }

  /** Withdraws every task still marked disconnected (when the restart grace period ends). */
  public static StateStore.Mutation<Integer> withdrawDisconnected() {
    return state -> {
      MeshState next = state;
      int n = 0;
      for (Task t : state.tasks().values()) {
        if (Boolean.FALSE.equals(t.connected())) {
          next = withdraw(t.taskArn()).apply(next).next();
          n++;
        }
      }
      return new StateStore.Outcome<>(next, n);
    };
  }

  private static void removeInstancesOf(Map<String, Instance> instances, String taskId, Task task) {
    if (task == null) {
      return;
    }
    instances.values().removeIf(i -> Objects.equals(i.id(), taskId) && i.attributes().containsKey(Instance.ECS_SERVICE_NAME));
  }

  private static String discoveryServiceId(Deployment d, String discoveryName) {
    if (d.serviceConnectResources() == null) {
      return null;
    }
    for (ServiceConnectServiceResource r : d.serviceConnectResources()) {
      if (discoveryName.equals(r.discoveryName()) && r.discoveryArn() != null) {
        return r.discoveryArn().substring(r.discoveryArn().lastIndexOf('/') + 1);
      }
    }
    return null;
  }

  private static PortMapping portMapping(TaskDefinition td, String portName) {
    if (td == null) {
      return null;
    }
    for (ContainerDefinition c : td.containerDefinitions()) {
      for (PortMapping p : c.portMappings()) {
        if (portName.equals(p.name())) {
          return p;
        }
      }
    }
    return null;
  }
}
