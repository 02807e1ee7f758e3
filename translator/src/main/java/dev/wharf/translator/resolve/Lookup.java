package dev.wharf.translator.resolve;

import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectNames;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.state.EcsReferences;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.Scope;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reference lookups over one state, with ECS's rules ({@link EcsReferences}, {@link ServiceConnectNames}):
 * namespaces by ARN or name and task definitions by ARN, {@code family:revision} or family, in the
 * service owner's account and region; deployments. Answers are memoised per map and dropped only when
 * that map changed (persistent maps keep their identity otherwise), so a repeated lookup is O(1) on the
 * hot path whatever the number of namespaces or task definitions.
 */
final class Lookup {
  private MeshState state;
  private Map<String, Namespace> namespacesSeen;
  private final Map<String, Optional<Namespace>> namespaceByRef = new HashMap<>();
  private Map<String, TaskDefinition> taskDefinitionsSeen;
  private final Map<String, Optional<TaskDefinition>> taskDefinitionByRef = new HashMap<>();

  /** Points the lookup at {@code next}, forgetting the answers about maps that changed. */
  void update(MeshState next) {
    state = next;
    if (next.namespaces() != namespacesSeen) {
      namespacesSeen = next.namespaces();
      namespaceByRef.clear();
    }
    if (next.taskDefinitions() != taskDefinitionsSeen) {
      taskDefinitionsSeen = next.taskDefinitions();
      taskDefinitionByRef.clear();
    }
  }

  MeshState state() {
    return state;
  }

  /**
   * The Service Connect view of a deployment, or null when SC is not enabled on it. Missing
   * namespace or task definition are reported (against the service) and left null.
   *
   * @param taskDefinitionArn the task's own revision if known, else the deployment's is used
   */
  ScDeployment scDeployment(EcsService service, Deployment d, String taskDefinitionArn, Problems problems) {
    ServiceConnectConfiguration config = d == null ? null : d.serviceConnectConfiguration();
    if (config == null || !Boolean.TRUE.equals(config.enabled())) {
      return null;
    }
    Scope owner = Scope.of(service.serviceArn());
    Namespace ns = namespaceOf(service, owner, config, problems);
    String tdRef = taskDefinitionArn != null ? taskDefinitionArn : d.taskDefinition();
    TaskDefinition td = taskDefinition(owner, tdRef);
    if (td == null) {
      problems.add(Problem.TASK_DEFINITION_NOT_FOUND, service.serviceArn(),
          "task definition " + tdRef + " not found");
    }
    return new ScDeployment(service, d, config, ns, td);
  }

  /** The deployment a task runs: its own {@code deploymentId} if listed, else PRIMARY. */
  static Deployment deploymentOf(EcsService service, String deploymentId) {
    if (deploymentId != null) {
      for (Deployment d : service.deployments()) {
        if (deploymentId.equals(d.id())) {
          return d;
        }
      }
    }
    return service.primaryDeployment();
  }

  /**
   * Spec 11-14: the configured namespace, else the cluster's {@code serviceConnectDefaults}
   * ({@link ServiceConnectNames#namespaceRef}), found in the service owner's scope.
   */
  private Namespace namespaceOf(EcsService service, Scope owner, ServiceConnectConfiguration config,
      Problems problems) {
    String ref = ServiceConnectNames.namespaceRef(config, state.clusters().get(service.clusterArn()));
    Namespace ns = ref == null || owner == null ? null : namespace(owner, ref);
    if (ns == null) {
      problems.add(Problem.NAMESPACE_NOT_FOUND, service.serviceArn(),
          "The specified namespace wasn't found: " + ref);
    }
    return ns;
  }

  /** {@link EcsReferences#namespace}, memoised. */
  Namespace namespace(Scope scope, String ref) {
    return namespaceByRef.computeIfAbsent(key(scope, ref),
        k -> Optional.ofNullable(EcsReferences.namespace(state, scope, ref))).orElse(null);
  }

  /** {@link EcsReferences#taskDefinition}, memoised; null when {@code ref} or {@code scope} is null. */
  TaskDefinition taskDefinition(Scope scope, String ref) {
    if (ref == null || scope == null) {
      return null;
    }
    return taskDefinitionByRef.computeIfAbsent(key(scope, ref),
        k -> Optional.ofNullable(EcsReferences.taskDefinition(state, scope, ref))).orElse(null);
  }

  private static String key(Scope scope, String ref) {
    return scope.account() + "|" + scope.region() + "|" + ref;
  }
}
