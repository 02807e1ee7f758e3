package dev.wharf.translator.resolve;

import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.TaskDefinition;

/**
 * One Service Connect-enabled deployment of a service, with its references looked up.
 *
 * @param namespace the resolved namespace, or null when it does not exist (reported)
 * @param taskDefinition the resolved task definition, or null when it does not exist (reported)
 */
record ScDeployment(
    EcsService service,
    Deployment deployment,
    ServiceConnectConfiguration config,
    Namespace namespace,
    TaskDefinition taskDefinition) {

  /** Deployment creation time (epoch seconds), or null when unknown. */
  Double createdAt() {
    return deployment.createdAt();
  }
}
