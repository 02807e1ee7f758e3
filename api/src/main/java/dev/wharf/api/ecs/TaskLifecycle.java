package dev.wharf.api.ecs;

import static dev.wharf.api.model.ecs.Task.ACTIVATING;
import static dev.wharf.api.model.ecs.Task.DEACTIVATING;
import static dev.wharf.api.model.ecs.Task.RUNNING;

import dev.wharf.api.arn.Arn;
import dev.wharf.api.arn.Arns;
import dev.wharf.api.arn.Ids;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.PortMapping;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectService;
import dev.wharf.api.model.ecs.ServiceConnectServiceResource;
import dev.wharf.api.model.ecs.ServiceEvent;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.protocol.AwsException;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state changes a task's life makes, as ECS makes them. The control plane applies these through
 * {@link StateStore#apply} when sidecars connect and disconnect.
 *
 * <ul>
 *   <li>{@link #register}: a task whose sidecar connects is ACTIVATING, and RUNNING once the sidecar
 *       holds its configuration, in the PRIMARY deployment of its
 *       service and is registered as a Cloud Map instance (id = task id) of each discovery name of that
 *       deployment (spec 17, 19), with {@code AWS_INSTANCE_IPV4} = ingress address,
 *       {@code AWS_INSTANCE_PORT} = ingress port ({@code ingressPortOverride}, else the port mapping's
 *       {@code containerPort}), {@code ECS_CLUSTER_NAME}, {@code ECS_SERVICE_NAME},
 *       {@code ECS_TASK_DEFINITION_FAMILY}, {@code REGION} and {@code AVAILABILITY_ZONE}.
 *   <li>{@link #withdraw}: the task and its instances go; a deployment or a DRAINING service left
 *       without tasks settles ({@link ServiceSettling}).
 *   <li>{@link #markAllDisconnected} at server start, {@link #withdrawDisconnected} when the restart
 *       grace period ends: tasks restored from disk stay until their sidecar reconnects or the grace
 *       period passes.
 * </ul>
 *
 * <p>All are idempotent; a no-op returns the same {@link MeshState} instance, so the store writes
 * nothing. A new task adds the service event "has started 1 tasks", a withdrawn one "has stopped 1
 * running tasks", and reaching the desired count "has reached a steady state", as ECS words them.
 */
public final class TaskLifecycle {
  private TaskLifecycle() {}

  /** {@link #register(TaskRegistration, Clock, boolean)} of a ready sidecar: RUNNING and in Cloud Map. */
  public static StateStore.Mutation<Task> register(TaskRegistration reg, Clock clock) {
    return register(reg, clock, true);
  }

  /**
   * Registers (or re-registers, after a reconnect) the task. Rejected with ClusterNotFoundException,
   * ServiceNotFoundException, or InvalidParameterException when the task ARN is malformed or the
   * service has no Service Connect deployment.
   *
   * @param ready whether the task's sidecar holds its configuration (it ACKed its listeners, so its
   *     ingress listener is up). A ready task is RUNNING and registered in Cloud Map. A task that is
   *     not ready yet is ACTIVATING: it has its own proxy configuration but no Cloud Map instance, so
   *     no client is sent to it before it can answer (ECS registers a task with Cloud Map once its
   *     containers, the Service Connect agent included, are running and healthy). A task already
   *     RUNNING stays RUNNING (a sidecar reconnecting after a control-plane restart).
   */
  public static StateStore.Mutation<Task> register(TaskRegistration reg, Clock clock, boolean ready) {
    return state -> {
      Arn arn = Arn.parse(reg.taskArn());
      if (arn == null || !"ecs".equals(arn.service()) || !"task".equals(arn.resourceType())) {
        throw new AwsException("InvalidParameterException", "Not an ECS task ARN: " + reg.taskArn());
      }
      String clusterArn = Arns.cluster(arn.region(), arn.account(), reg.clusterName());
      Cluster cluster = state.clusters().get(clusterArn);
      if (cluster == null || !Cluster.ACTIVE.equals(cluster.status())) {
        throw new AwsException("ClusterNotFoundException", "Cluster not found.");
      }
      String serviceArn = Arns.service(arn.region(), arn.account(), reg.clusterName(), reg.serviceName());
      EcsService service = state.services().get(serviceArn);
      if (service == null || !EcsService.ACTIVE.equals(service.status())) {
        throw new AwsException("ServiceNotFoundException", "Service not found.");
      }
      Deployment deployment = service.primaryDeployment();
      ServiceConnectConfiguration sc = deployment == null ? null : deployment.serviceConnectConfiguration();
      if (sc == null || !Boolean.TRUE.equals(sc.enabled())) {
        throw new AwsException("InvalidParameterException",
            "Service " + reg.serviceName() + " does not use Service Connect.");
      }
      Task previous = state.tasks().get(reg.taskArn());
      if (previous != null && DEACTIVATING.equals(previous.lastStatus())) {
        // StopTask already took it out of Cloud Map; a reconnect while draining must not put it back.
        return new StateStore.Outcome<>(state, previous);
      }
      Double startedAt = previous != null && previous.startedAt() != null
          ? previous.startedAt() : clock.millis() / 1000.0;
      boolean wasRunning = previous != null && RUNNING.equals(previous.lastStatus());
      boolean running = ready || wasRunning;
      Task task = new Task(reg.taskArn(), clusterArn, serviceArn, deployment.id(), deployment.taskDefinition(),
          running ? RUNNING : ACTIVATING, startedAt, reg.layout(), reg.ingressIp(), reg.appIp(), reg.slot(),
          reg.availabilityZone(), true);
      Map<String, Instance> instances = new TreeMap<>();
      TaskDefinition td = state.taskDefinitions().get(deployment.taskDefinition());
      List<ServiceConnectService> entries = sc.services() == null || !running ? List.of() : sc.services();
      for (ServiceConnectService entry : entries) {
        Instance instance = instance(state, reg, arn, task, deployment, td, entry);
        if (instance != null) {
          instances.put(MeshState.instanceKey(instance.serviceId(), instance.id()), instance);
        }
      }
      if (task.equals(previous) && instances.equals(instanceMap(state, previous))) {
        return new StateStore.Outcome<>(state, previous);
      }
      MeshState next = removeInstancesOf(state, previous);
      for (Map.Entry<String, Instance> e : instances.entrySet()) {
        Instance held = state.instances().get(e.getKey());
        next = next.put(MeshState.INSTANCES, e.getKey(), e.getValue().equals(held) ? held : e.getValue());
      }
      next = next.put(MeshState.TASKS, task.taskArn(), task);
      if (previous == null) {
        next = event(next, serviceArn, clock, "has started 1 tasks: (task " + task.taskId() + ").");
      } else if (running && !wasRunning) {
        next = event(next, serviceArn, clock, null);
      }
      return new StateStore.Outcome<>(next, task);
    };
  }

  private static Instance instance(MeshState state, TaskRegistration reg, Arn arn, Task task,
      Deployment deployment, TaskDefinition td, ServiceConnectService entry) {
    String serviceId = discoveryServiceId(deployment, entry.effectiveDiscoveryName());
    PortMapping port = EcsState.portMapping(td, entry.portName());
    if (serviceId == null || port == null || port.containerPort() == null
        || !state.discoveryServices().containsKey(serviceId)) {
      return null;
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
    attributes.values().removeIf(v -> v == null);
    return new Instance(task.taskId(), serviceId, attributes, null, arn.account(), null);
  }

  /**
   * StopTask's first step (spec 47, pain 4.2): deregisters the task's Cloud Map instances, so every
   * client drops its endpoint, and marks it DEACTIVATING. The task keeps its own proxy config (its
   * ingress keeps serving while it drains) until its sidecar disconnects and {@link #withdraw}
   * removes it. Idempotent; an unknown task is a no-op.
   */
  public static StateStore.Mutation<Task> deactivate(String taskArn) {
    return state -> {
      Task t = state.tasks().get(taskArn);
      if (t == null || DEACTIVATING.equals(t.lastStatus())) {
        return new StateStore.Outcome<>(state, t);
      }
      Task stopping = t.withLastStatus(DEACTIVATING);
      MeshState next = removeInstancesOf(state, t).put(MeshState.TASKS, taskArn, stopping);
      return new StateStore.Outcome<>(next, stopping);
    };
  }

  /** Removes the task and its Cloud Map instances; a no-op when the task is unknown. */
  public static StateStore.Mutation<Boolean> withdraw(String taskArn) {
    return withdraw(taskArn, Clock.systemUTC());
  }

  /** {@link #withdraw(String)} with the clock that stamps the service event. */
  public static StateStore.Mutation<Boolean> withdraw(String taskArn, Clock clock) {
    return state -> {
      Task task = state.tasks().get(taskArn);
      MeshState next = without(state, taskArn, clock);
      return new StateStore.Outcome<>(next == state ? state : ServiceSettling.settleService(next, task.serviceArn()),
          next != state);
    };
  }

  /** Marks every task disconnected (at server start: their sidecars must reconnect). */
  public static StateStore.Mutation<Integer> markAllDisconnected() {
    return state -> {
      MeshState next = state;
      int changed = 0;
      for (Task t : state.tasks().values()) {
        if (!Boolean.FALSE.equals(t.connected())) {
          changed++;
          next = next.put(MeshState.TASKS, t.taskArn(), t.withConnected(false));
        }
      }
      return new StateStore.Outcome<>(next, changed);
    };
  }

  /**
   * Withdraws every task still marked disconnected (when the restart grace period ends), in one
   * change: each service gets one "has stopped N running tasks" event. O(tasks + withdrawn × log n):
   * thousands of tasks may be withdrawn at once, and the store is locked meanwhile.
   */
  public static StateStore.Mutation<Integer> withdrawDisconnected() {
    return state -> {
      MeshState next = state;
      Map<String, List<String>> stoppedByService = new TreeMap<>();
      for (Task t : state.tasks().values()) {
        if (Boolean.FALSE.equals(t.connected())) {
          next = removeInstancesOf(next, t).remove(MeshState.TASKS, t.taskArn());
          stoppedByService.computeIfAbsent(t.serviceArn(), k -> new ArrayList<>()).add(t.taskId());
        }
      }
      if (stoppedByService.isEmpty()) {
        return new StateStore.Outcome<>(state, 0);
      }
      Map<String, Long> running = new HashMap<>();
      for (Task t : next.tasks().values()) {
        if (RUNNING.equals(t.lastStatus())) {
          running.merge(t.serviceArn(), 1L, Long::sum);
        }
      }
      int n = 0;
      for (Map.Entry<String, List<String>> e : stoppedByService.entrySet()) {
        List<String> ids = e.getValue();
        n += ids.size();
        StringBuilder what = new StringBuilder("has stopped " + ids.size() + " running tasks:");
        ids.forEach(id -> what.append(" (task ").append(id).append(')'));
        next = event(next, e.getKey(), Clock.systemUTC(), what.append('.').toString(),
            running.getOrDefault(e.getKey(), 0L));
      }
      return new StateStore.Outcome<>(ServiceSettling.settle(next), n);
    };
  }

  /** The state without the task, its instances, plus a "stopped" event; the same instance if absent. */
  private static MeshState without(MeshState state, String taskArn, Clock clock) {
    Task task = state.tasks().get(taskArn);
    if (task == null) {
      return state;
    }
    MeshState next = removeInstancesOf(state, task).remove(MeshState.TASKS, taskArn);
    return event(next, task.serviceArn(), clock, "has stopped 1 running tasks: (task " + task.taskId() + ").");
  }

  /**
   * The state without the task's instances: those in the discovery services of its service's
   * deployments. O(deployments × log n). (Instances of discovery services no deployment lists any
   * more are removed with their service by {@link ServiceSettling}.)
   */
  private static MeshState removeInstancesOf(MeshState state, Task task) {
    MeshState next = state;
    for (String key : instanceMap(state, task).keySet()) {
      next = next.remove(MeshState.INSTANCES, key);
    }
    return next;
  }

  /** The task's current Cloud Map instances, by instance key; empty for null. */
  private static Map<String, Instance> instanceMap(MeshState state, Task task) {
    Map<String, Instance> out = new TreeMap<>();
    if (task == null) {
      return out;
    }
    EcsService svc = state.services().get(task.serviceArn());
    if (svc != null) {
      for (Deployment d : svc.deployments()) {
        if (d.serviceConnectResources() != null) {
          for (ServiceConnectServiceResource r : d.serviceConnectResources()) {
            String key = MeshState.instanceKey(Arn.resourceId(r.discoveryArn()), task.taskId());
            Instance i = state.instances().get(key);
            if (i != null) {
              out.put(key, i);
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Adds a service event ({@code what}, unless null), and a steady-state event when the number of
   * RUNNING tasks now equals the desired count.
   */
  private static MeshState event(MeshState state, String serviceArn, Clock clock, String what) {
    long running = state.tasks().values().stream()
        .filter(t -> serviceArn.equals(t.serviceArn()) && RUNNING.equals(t.lastStatus())).count();
    return event(state, serviceArn, clock, what, running);
  }

  /** {@link #event(MeshState, String, Clock, String)} with the service's RUNNING tasks counted by the caller. */
  private static MeshState event(MeshState state, String serviceArn, Clock clock, String what, long running) {
    EcsService svc = state.services().get(serviceArn);
    if (svc == null) {
      return state;
    }
    double now = clock.millis() / 1000.0;
    List<ServiceEvent> events = new ArrayList<>();
    if (svc.desiredCount() != null && running == svc.desiredCount()) {
      events.add(new ServiceEvent(Ids.uuid(), now, "(service " + svc.serviceName() + ") has reached a steady state."));
    }
    if (what != null) {
      events.add(new ServiceEvent(Ids.uuid(), now, "(service " + svc.serviceName() + ") " + what));
    }
    if (events.isEmpty()) {
      return state;
    }
    events.addAll(svc.events());
    EcsService updated = svc.withEvents(events.size() > 100 ? events.subList(0, 100) : events);
    return state.put(MeshState.SERVICES, serviceArn, updated);
  }

  private static String discoveryServiceId(Deployment d, String discoveryName) {
    if (d.serviceConnectResources() == null) {
      return null;
    }
    for (ServiceConnectServiceResource r : d.serviceConnectResources()) {
      if (discoveryName.equals(r.discoveryName()) && r.discoveryArn() != null) {
        return Arn.resourceId(r.discoveryArn());
      }
    }
    return null;
  }
}
