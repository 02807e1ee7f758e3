package dev.wharf.translator.resolve;

import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.state.MeshState;

/** Reference lookups over one state: namespaces by name/ARN/id, task definitions, deployments. */
final class Lookup {
  private final MeshState state;

  Lookup(MeshState state) {
    this.state = state;
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

  /** A namespace by ARN or id (exact), else by name; null when none matches. */
  Namespace namespace(String ref) {
    Namespace byId = state.namespaces().get(ref);
    if (byId != null) {
      return byId;
    }
    for (Namespace ns : state.namespaces().values()) {
      if (ref.equals(ns.arn())) {
        return ns;
      }
    }
    for (Namespace ns : state.namespaces().values()) {
      if (ref.equals(ns.name())) {
        return ns;
      }
    }
    return null;
  }

  /** A task definition by ARN, else by {@code family:revision} or bare family (latest revision). */
  TaskDefinition taskDefinition(String ref) {
    if (ref == null) {
      return null;
    }
    TaskDefinition exact = state.taskDefinitions().get(ref);
    if (exact != null) {
      return exact;
    }
    TaskDefinition latest = null;
    for (TaskDefinition td : state.taskDefinitions().values()) {
      if (ref.equals(td.family() + ":" + td.revision())) {
        return td;
      }
      if (ref.equals(td.family()) && (latest == null || rev(td) > rev(latest))) {
        latest = td;
      }
    }
    return latest;
  }

  private static int rev(TaskDefinition td) {
    return td.revision() == null ? 0 : td.revision();
  }
}
