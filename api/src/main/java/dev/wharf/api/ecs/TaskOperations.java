package dev.wharf.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.arn.Arns;
import dev.wharf.api.ecs.EcsShapes.DescribeTasksRequest;
import dev.wharf.api.ecs.EcsShapes.DescribeTasksResponse;
import dev.wharf.api.ecs.EcsShapes.Failure;
import dev.wharf.api.ecs.EcsShapes.ListTasksRequest;
import dev.wharf.api.ecs.EcsShapes.ListTasksResponse;
import dev.wharf.api.ecs.EcsShapes.StopTaskRequest;
import dev.wharf.api.ecs.EcsShapes.StopTaskResponse;
import dev.wharf.api.ecs.EcsShapes.TaskView;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.protocol.Pages;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ListTasks and DescribeTasks over the tasks Wharf knows: those whose sidecars hold (or, within the
 * restart grace period, held) an ADS stream. They are RUNNING, or DEACTIVATING after StopTask until
 * their sidecar disconnects; STOPPED and PENDING lists are empty, and a task that went away is MISSING.
 */
final class TaskOperations {
  private static final Pages.Spec PAGES = new Pages.Spec("nextToken", "maxResults", 100, 100);

  private final StateStore store;

  TaskOperations(StateStore store) {
    this.store = store;
  }

  Object list(RequestContext ctx, ObjectNode input) {
    ListTasksRequest req = ctx.read(input, ListTasksRequest.class);
    Rules.oneOf(ctx, req.desiredStatus(), "desiredStatus", Set.of(Task.RUNNING, "PENDING", Task.STOPPED));
    Rules.oneOf(ctx, req.launchType(), "launchType", Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"));
    Rules.range(ctx, req.maxResults(), "maxResults", 1, PAGES.maxSize()); // input first, then the cluster
    MeshState s = store.current();
    Cluster cluster = EcsState.activeCluster(s, ctx.caller(), req.cluster());
    EcsService service = null;
    if (req.serviceName() != null) {
      service = EcsState.service(s, ctx.caller(), cluster, req.serviceName());
      if (service == null) {
        throw EcsErrors.serviceNotFound();
      }
    }
    String serviceArn = service == null ? null : service.serviceArn();
    boolean running = req.desiredStatus() == null || Task.RUNNING.equals(req.desiredStatus());
    List<String> arns = s.tasks().values().stream()
        .filter(t -> running && cluster.clusterArn().equals(t.clusterArn()))
        .filter(t -> serviceArn == null || serviceArn.equals(t.serviceArn()))
        .filter(t -> req.startedBy() == null || req.startedBy().equals(t.deploymentId()))
        .filter(t -> req.family() == null || req.family().equals(family(s, t)))
        .filter(t -> req.launchType() == null || req.launchType().equals(launchType(s, t)))
        .map(Task::taskArn).toList();
    Pages.Page<String> page = Pages.page(ctx, PAGES, arns, a -> a, req.nextToken(), req.maxResults());
    return new ListTasksResponse(page.items(), page.nextToken());
  }

  private static String family(MeshState s, Task t) {
    TaskDefinition td = s.taskDefinitions().get(t.taskDefinitionArn());
    return td == null ? null : td.family();
  }

  private static String launchType(MeshState s, Task t) {
    EcsService svc = s.services().get(t.serviceArn());
    return svc == null ? null : svc.launchType();
  }

  Object describe(RequestContext ctx, ObjectNode input) {
    DescribeTasksRequest req = ctx.read(input, DescribeTasksRequest.class);
    Rules.required(ctx, req.tasks(), "tasks");
    Rules.size(ctx, req.tasks(), "tasks", 1, 100);
    if (req.include() != null) {
      req.include().forEach(i -> Rules.oneOf(ctx, i, "include", Set.of("TAGS")));
    }
    boolean tags = req.include() != null && req.include().contains("TAGS");
    MeshState s = store.current();
    Cluster cluster = EcsState.activeCluster(s, ctx.caller(), req.cluster());
    List<TaskView> found = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (String ref : req.tasks()) {
      EcsRules.ref(ctx, ref, "tasks[]");
      String arn = ref.startsWith("arn:") ? ref
          : Arns.task(ctx.region(), ctx.account(), cluster.clusterName(), ref);
      Task t = s.tasks().get(arn);
      if (t == null || !cluster.clusterArn().equals(t.clusterArn())) {
        failures.add(new Failure(arn, "MISSING", null));
      } else {
        found.add(EcsViews.task(s, t, tags));
      }
    }
    return new DescribeTasksResponse(found, failures);
  }

  /**
   * StopTask: the task is deregistered from Cloud Map at once, so clients drop its endpoint, and
   * turns DEACTIVATING (desired STOPPED) while its sidecar drains and exits (spec 47, pain 4.2).
   * An unknown task is InvalidParameterException "The referenced task was not found.", as in ECS.
   */
  Object stop(RequestContext ctx, ObjectNode input) {
    StopTaskRequest req = ctx.read(input, StopTaskRequest.class);
    Rules.required(ctx, req.task(), "task");
    EcsRules.ref(ctx, req.task(), "task");
    Rules.length(ctx, req.reason(), "reason", 0, 255);
    Task stopped = store.apply(state -> {
      Cluster cluster = EcsState.activeCluster(state, ctx.caller(), req.cluster());
      String arn = req.task().startsWith("arn:") ? req.task()
          : Arns.task(ctx.region(), ctx.account(), cluster.clusterName(), req.task());
      Task t = state.tasks().get(arn);
      if (t == null || !cluster.clusterArn().equals(t.clusterArn())) {
        throw EcsErrors.invalid("The referenced task was not found.");
      }
      MeshState next = TaskLifecycle.deactivate(arn).apply(state).next();
      return new StateStore.Outcome<>(next, next.tasks().get(arn));
    });
    return new StopTaskResponse(EcsViews.task(store.current(), stopped, false));
  }
}
