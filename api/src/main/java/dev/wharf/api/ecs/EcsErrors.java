package dev.wharf.api.ecs;

import dev.wharf.api.protocol.AwsException;

/**
 * ECS's modelled errors with AWS's texts where they are known (spec 3.4; "Cluster not found." and
 * "Service not found." are AWS's wording), otherwise short, clear texts. All are HTTP 400.
 */
public final class EcsErrors {
  private EcsErrors() {}

  public static AwsException invalid(String message) {
    return new AwsException("InvalidParameterException", message);
  }

  public static AwsException client(String message) {
    return new AwsException("ClientException", message);
  }

  public static AwsException clusterNotFound() {
    return new AwsException("ClusterNotFoundException", "Cluster not found.");
  }

  public static AwsException serviceNotFound() {
    return new AwsException("ServiceNotFoundException", "Service not found.");
  }

  public static AwsException serviceNotActive() {
    return new AwsException("ServiceNotActiveException", "Service was not ACTIVE.");
  }

  public static AwsException namespaceNotFound(String namespace) {
    return new AwsException("NamespaceNotFoundException", "The specified namespace wasn't found: " + namespace);
  }

  public static AwsException resourceNotFound(String arn) {
    return new AwsException("ResourceNotFoundException", "The specified resource could not be found: " + arn);
  }

  /** AWS's text (spec 1). */
  public static AwsException portNameNotFound(String portName) {
    return invalid("portName(" + portName + ") does not refer to any named PortMapping in the container definitions");
  }

  /** AWS's text (spec 4). */
  public static AwsException discoveryNameInUse(String namespaceArn) {
    return invalid("SC service is already used by " + namespaceArn);
  }
}
