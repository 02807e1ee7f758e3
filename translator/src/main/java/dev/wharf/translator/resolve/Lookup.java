package dev.wharf.translator.resolve;

import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.state.MeshState;
import java.util.HashMap;
import java.util.Map;

/**
 * Reference lookups over one state: namespaces by id/ARN/name, task definitions by ARN,
 * {@code family:revision} or family, deployments. The name and family indexes are rebuilt only when
 * their map changed (persistent maps keep their identity otherwise), so a lookup is O(1) on the hot
 * path whatever the number of namespaces or task definitions.
 */
final class Lookup {
  private MeshState state;
  private Map<String, Namespace> namespacesIndexed;
  private Map<String, Namespace> namespaceByRef = Map.of();
  private Map<String, TaskDefinition> taskDefinitionsIndexed;
  private Map<String, TaskDefinition> taskDefinitionByRef = Map.of();

  /** Points the lookup at {@code next}, re-indexing only the maps that changed. */
  void update(MeshState next) {
    state = next;
    if (next.namespaces() != namespacesIndexed) {
      namespacesIndexed = next.namespaces();
      namespaceByRef = indexNamespaces(next.namespaces());
    }
    if (next.taskDefinitions() != taskDefinitionsIndexed) {
      taskDefinitionsIndexed = next.taskDefinitions();
      taskDefinitionByRef = indexTaskDefinitions(next.taskDefinitions());
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
    Namespace ns = namespaceOf(service, config, problems);
    String tdRef = taskDefinitionArn != null ? taskDefinitionArn : d.taskDefinition();
    TaskDefinition td = taskDefinition(tdRef);
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
   * Spec 11-14: the configured namespace (name or ARN, ids accepted too), else the cluster's
   * {@code serviceConnectDefaults}.
   */
  private Namespace namespaceOf(EcsService service, ServiceConnectConfiguration config, Problems problems) {
    String ref = config.namespace();
    if (ref == null || ref.isEmpty()) {
      Cluster cluster = state.clusters().get(service.clusterArn());
      ref = cluster == null || cluster.serviceConnectDefaults() == null
          ? null : cluster.serviceConnectDefaults().namespace();
    }
    Namespace ns = ref == null ? null : namespace(ref);
    if (ns == null) {
      problems.add(Problem.NAMESPACE_NOT_FOUND, service.serviceArn(),
          "The specified namespace wasn't found: " + ref);
    }
    return ns;
  }

  /** A namespace by id, else by ARN, else by name (the first by id); null when none matches. */
  Namespace namespace(String ref) {
    return namespaceByRef.get(ref);
  }

  /** A task definition by ARN, else by {@code family:revision}, else the latest revision of a family. */
  TaskDefinition taskDefinition(String ref) {
    return ref == null ? null : taskDefinitionByRef.get(ref);
  }

  /** Names first, then ARNs, then ids, so an id beats an ARN beats a name when strings coincide. */
  private static Map<String, Namespace> indexNamespaces(Map<String, Namespace> namespaces) {
    Map<String, Namespace> byRef = new HashMap<>();
    for (Namespace ns : namespaces.values()) {
      byRef.putIfAbsent(ns.name(), ns);
    }
    Map<String, Namespace> byArn = new HashMap<>();
    for (Namespace ns : namespaces.values()) {
      if (ns.arn() != null) {
        byArn.putIfAbsent(ns.arn(), ns);
      }
    }
    byRef.putAll(byArn);
    byRef.putAll(namespaces);
    return byRef;
  }

  /**
   * {@code family} → latest revision (the first by ARN among equal revisions), then
   * {@code family:revision} → the first by ARN, then exact ARNs; later kinds win on equal strings.
   */
  private static Map<String, TaskDefinition> indexTaskDefinitions(Map<String, TaskDefinition> tds) {
    Map<String, TaskDefinition> byRef = new HashMap<>();
    for (TaskDefinition td : tds.values()) {
      TaskDefinition latest = byRef.get(td.family());
      if (td.family() != null && (latest == null || rev(td) > rev(latest))) {
        byRef.put(td.family(), td);
      }
    }
    Map<String, TaskDefinition> byRevision = new HashMap<>();
    for (TaskDefinition td : tds.values()) {
      byRevision.putIfAbsent(td.family() + ":" + td.revision(), td);
    }
    byRef.putAll(byRevision);
    byRef.putAll(tds);
    return byRef;
  }

  private static int rev(TaskDefinition td) {
    return td.revision() == null ? 0 : td.revision();
  }
}
