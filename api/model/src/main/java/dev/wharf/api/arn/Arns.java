package dev.wharf.api.arn;

/**
 * Builds the ARNs Wharf hands out, in AWS's formats (spec 3.6): long-format ECS ARNs
 * and Cloud Map namespace and service ARNs. The partition is always {@code aws}.
 */
public final class Arns {
  private Arns() {}

  public static String cluster(String region, String account, String clusterName) {
    return ecs(region, account, "cluster/" + clusterName);
  }

  public static String service(String region, String account, String clusterName, String serviceName) {
    return ecs(region, account, "service/" + clusterName + "/" + serviceName);
  }

  public static String task(String region, String account, String clusterName, String taskId) {
    return ecs(region, account, "task/" + clusterName + "/" + taskId);
  }

  public static String taskDefinition(String region, String account, String family, int revision) {
    return ecs(region, account, "task-definition/" + family + ":" + revision);
  }

  public static String namespace(String region, String account, String namespaceId) {
    return "arn:aws:servicediscovery:" + region + ":" + account + ":namespace/" + namespaceId;
  }

  public static String discoveryService(String region, String account, String serviceId) {
    return "arn:aws:servicediscovery:" + region + ":" + account + ":service/" + serviceId;
  }

  private static String ecs(String region, String account, String resource) {
    return "arn:aws:ecs:" + region + ":" + account + ":" + resource;
  }
}
