package dev.wharf.api.ecs;

import dev.wharf.api.cloudmap.CloudMapState;
import dev.wharf.api.ecs.EcsShapes.Attachment;
import dev.wharf.api.ecs.EcsShapes.ClusterSetting;
import dev.wharf.api.ecs.EcsShapes.ClusterView;
import dev.wharf.api.ecs.EcsShapes.ContainerView;
import dev.wharf.api.ecs.EcsShapes.DeploymentController;
import dev.wharf.api.ecs.EcsShapes.ServiceView;
import dev.wharf.api.ecs.EcsShapes.TaskView;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.ContainerDefinition;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.KeyValuePair;
import dev.wharf.api.model.ecs.Tag;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.state.MeshState;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Read-time views of ECS records: what AWS derives (counts, rollout state) is computed here from
 * {@link MeshState#tasks()}, so the stored records never go stale. {@code runningCount} is the
 * number of tasks of the service (or deployment) in the state: tasks whose sidecar is connected and
 * configured, or was before a restart and is within its grace period; {@code pendingCount} counts
 * tasks whose sidecar connected but is not configured yet (ACTIVATING).
 */
public final class EcsViews {
  private EcsViews() {}

  /** The cluster with counts; tags and the Service Connect attachment when asked for. */
  public static ClusterView cluster(MeshState s, Cluster c, boolean withTags, boolean withAttachments) {
    int services = (int) s.services().values().stream()
        .filter(v -> v.clusterArn().equals(c.clusterArn()) && EcsService.ACTIVE.equals(v.status())).count();
    int tasks = (int) s.tasks().values().stream().filter(t -> c.clusterArn().equals(t.clusterArn())).count();
    Cluster counted = new Cluster(c.clusterArn(), c.clusterName(), c.status(), c.serviceConnectDefaults(), 0,
        tasks, 0, services);
    List<Attachment> attachments = null;
    String attachmentsStatus = null;
    if (withAttachments && c.serviceConnectDefaults() != null) {
      // spec 15: the namespace shows as an attachment of type "sc".
      String ns = c.serviceConnectDefaults().namespace();
      String id = UUID.nameUUIDFromBytes((c.clusterArn() + "|" + ns).getBytes(StandardCharsets.UTF_8)).toString();
      attachments = List.of(new Attachment(id, "sc", "ATTACHED", List.of(new KeyValuePair("namespace", ns))));
      attachmentsStatus = "UPDATE_COMPLETE";
    }
    List<ClusterSetting> settings = List.of(new ClusterSetting("containerInsights", "disabled"));
    return new ClusterView(counted, withTags ? tags(s, c.clusterArn()) : null, settings, attachments,
        attachmentsStatus);
  }

  /** The service with derived counts and rollout states; tags when asked for. */
  public static ServiceView service(MeshState s, EcsService svc, boolean withTags) {
    Map<String, Integer> perDeployment = new HashMap<>();
    int running = 0;
    int pending = 0;
    for (Task t : s.tasks().values()) {
      if (!svc.serviceArn().equals(t.serviceArn())) {
        continue;
      }
      if (Task.ACTIVATING.equals(t.lastStatus())) {
        pending++;
      } else {
        running++;
        perDeployment.merge(String.valueOf(t.deploymentId()), 1, Integer::sum);
      }
    }
    boolean single = svc.deployments().size() == 1;
    List<Deployment> deployments = svc.deployments().stream()
        .map(d -> deployment(d, perDeployment.getOrDefault(d.id(), 0), single)).toList();
    EcsService view = svc.withCounts(running, pending).withDeployments(deployments);
    return new ServiceView(view, "REPLICA", new DeploymentController("ECS"), "NONE", false, false, List.of(),
        List.of(), List.of(), List.of(), withTags ? tags(s, svc.serviceArn()) : null);
  }

  private static Deployment deployment(Deployment d, int running, boolean single) {
    String rollout = d.rolloutState();
    if (d.isPrimary()) {
      int desired = d.desiredCount() == null ? 0 : d.desiredCount();
      rollout = single && running >= desired ? Deployment.COMPLETED : Deployment.IN_PROGRESS;
    }
    return d.withCounts(0, running).withRolloutState(rollout).withRolloutStateReason(rolloutStateReason(d, rollout));
  }

  /** ECS's texts: "ECS deployment ecs-svc/... completed." or "... in progress.". */
  private static String rolloutStateReason(Deployment d, String rollout) {
    return "ECS deployment " + d.id() + (Deployment.COMPLETED.equals(rollout) ? " completed." : " in progress.");
  }

  /** A task as DescribeTasks shows it. */
  public static TaskView task(MeshState s, Task t, boolean withTags) {
    TaskDefinition td = s.taskDefinitions().get(t.taskDefinitionArn());
    EcsService svc = s.services().get(t.serviceArn());
    List<ContainerView> containers = td == null ? List.of() : td.containerDefinitions().stream()
        .map((ContainerDefinition c) -> new ContainerView(t.taskArn(), c.name(), c.image(), t.lastStatus(), "UNKNOWN"))
        .toList();
    List<Attachment> attachments = t.ingressIp() == null ? List.of() : List.of(new Attachment(
        UUID.nameUUIDFromBytes(t.taskArn().getBytes(StandardCharsets.UTF_8)).toString(), "ElasticNetworkInterface",
        "ATTACHED", List.of(new KeyValuePair("privateIPv4Address", t.ingressIp()))));
    String desired = Task.RUNNING.equals(t.lastStatus()) || Task.ACTIVATING.equals(t.lastStatus())
        ? Task.RUNNING : Task.STOPPED;
    return new TaskView(t.taskArn(), t.clusterArn(), t.taskDefinitionArn(), t.lastStatus(), desired,
        t.startedAt(), t.startedAt(), svc == null ? null : "service:" + svc.serviceName(), t.deploymentId(),
        t.availabilityZone(), svc == null ? null : svc.launchType(),
        Boolean.FALSE.equals(t.connected()) ? "DISCONNECTED" : "CONNECTED", t.startedAt(), "UNKNOWN", 1L,
        td == null ? null : td.cpu(), td == null ? null : td.memory(), containers, attachments,
        withTags ? tags(s, t.taskArn()) : null);
  }

  /** The ECS tags of {@code arn}. */
  public static List<Tag> tags(MeshState s, String arn) {
    return CloudMapState.tags(s, arn).entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
  }
}
