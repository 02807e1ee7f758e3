package dev.wharf.api.cloudmap;

import dev.wharf.api.protocol.AwsException;
import java.util.Map;

/**
 * Cloud Map's modelled errors (spec 3.1, 3.3), with the shape documentation as
 * the message where AWS's own text is not known (spec 3.4), and the modelled extra members.
 */
public final class CloudMapErrors {
  private CloudMapErrors() {}

  public static AwsException namespaceNotFound(String id) {
    return new AwsException("NamespaceNotFound", "No namespace exists with the specified ID: " + id);
  }

  public static AwsException serviceNotFound(String id) {
    return new AwsException("ServiceNotFound", "No service exists with the specified ID: " + id);
  }

  public static AwsException serviceNotFoundByName(String name) {
    return new AwsException("ServiceNotFound", "No service named " + name + " exists in the namespace.");
  }

  public static AwsException instanceNotFound(String id) {
    return new AwsException("InstanceNotFound", "No instance exists with the specified ID: " + id);
  }

  public static AwsException operationNotFound(String id) {
    return new AwsException("OperationNotFound", "No operation exists with the specified ID: " + id);
  }

  public static AwsException resourceInUse(String message) {
    return new AwsException("ResourceInUse", message);
  }

  public static AwsException duplicateRequest(String operationId) {
    return new AwsException("DuplicateRequest",
        "Another operation on this instance is still in progress: " + operationId,
        Map.of("DuplicateOperationId", operationId));
  }

  public static AwsException namespaceAlreadyExists(String name, String creatorRequestId, String namespaceId) {
    Map<String, Object> extra = creatorRequestId == null ? Map.of("NamespaceId", namespaceId)
        : Map.of("NamespaceId", namespaceId, "CreatorRequestId", creatorRequestId);
    return new AwsException("NamespaceAlreadyExists", "Namespace " + name + " already exists.", extra);
  }

  public static AwsException serviceAlreadyExists(String name, String creatorRequestId, String id, String arn) {
    Map<String, Object> extra = creatorRequestId == null ? Map.of("ServiceId", id, "ServiceArn", arn)
        : Map.of("ServiceId", id, "ServiceArn", arn, "CreatorRequestId", creatorRequestId);
    return new AwsException("ServiceAlreadyExists", "Service " + name + " already exists.", extra);
  }

  public static AwsException tooManyTags(String resourceName) {
    return new AwsException("TooManyTagsException",
        "The list of tags on the resource is over the quota. The maximum number of tags that can be "
            + "applied to a resource is 50.", Map.of("ResourceName", resourceName));
  }

  public static AwsException resourceLimitExceeded(String message) {
    return new AwsException("ResourceLimitExceeded", message);
  }

  public static AwsException customHealthNotFound(String serviceId) {
    return new AwsException("CustomHealthNotFound", "The health check for the instance that's specified "
        + "by ServiceId and InstanceId isn't a custom health check (service " + serviceId + ").");
  }

  public static AwsException resourceNotFound(String arn) {
    return new AwsException("ResourceNotFoundException", "The operation can't be completed because the "
        + "resource was not found: " + arn);
  }
}
