package dev.wharf.bootstrap;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.Optional;

/**
 * The identity a Wharf sidecar announces in its Envoy {@code node} (DESIGN.md "Identity"), and the
 * one place that reads and writes it, so the bootstrap and the control plane cannot disagree.
 *
 * <p>{@code node.id} is the task ARN ({@code arn:aws:ecs:<region>:<account>:task/<cluster>/<taskId>}),
 * unique per task. {@code node.cluster} is the ECS service name (Envoy uses it in stats).
 * {@code node.metadata.wharf} is a struct with {@code cluster}, {@code service}, {@code task},
 * {@code layout}, {@code ingressIp}, {@code appIp}, {@code slot} (loopback only); the locality
 * carries region and zone.
 */
public record NodeIdentity(
    String region,
    String account,
    String clusterName,
    String serviceName,
    String taskId,
    String layout,
    String ingressIp,
    String appIp,
    String slot,
    String availabilityZone) {

  /** The metadata key under which Wharf's identity struct sits. */
  public static final String METADATA_KEY = "wharf";

  /** The task ARN, which is also the node id. */
  public String taskArn() {
    return "arn:aws:ecs:" + region + ":" + account + ":task/" + clusterName + "/" + taskId;
  }

  /** Renders this identity as an Envoy node. */
  public Node toNode() {
    Struct.Builder wharf = Struct.newBuilder();
    put(wharf, "cluster", clusterName);
    put(wharf, "service", serviceName);
    put(wharf, "task", taskId);
    put(wharf, "layout", layout);
    put(wharf, "ingressIp", ingressIp);
    put(wharf, "appIp", appIp);
    put(wharf, "slot", slot);
    Locality.Builder locality = Locality.newBuilder().setRegion(region);
    if (availabilityZone != null) {
      locality.setZone(availabilityZone);
    }
    return Node.newBuilder()
        .setId(taskArn())
        .setCluster(serviceName)
        .setLocality(locality)
        .setMetadata(
            Struct.newBuilder().putFields(METADATA_KEY, Value.newBuilder().setStructValue(wharf).build()))
        .build();
  }

  /**
   * Reads the identity of a Wharf sidecar, or empty when the node is not one (no {@code wharf}
   * metadata, or a node id that is not a task ARN).
   */
  public static Optional<NodeIdentity> fromNode(Node node) {
    Value meta = node.getMetadata().getFieldsMap().get(METADATA_KEY);
    String[] arn = node.getId().split(":", 6);
    if (meta == null || !meta.hasStructValue() || arn.length != 6 || !arn[5].startsWith("task/")) {
      return Optional.empty();
    }
    Struct s = meta.getStructValue();
    String zone = node.getLocality().getZone();
    return Optional.of(
        new NodeIdentity(
            arn[3],
            arn[4],
            get(s, "cluster"),
            get(s, "service"),
            get(s, "task"),
            get(s, "layout"),
            get(s, "ingressIp"),
            get(s, "appIp"),
            get(s, "slot"),
            zone.isEmpty() ? null : zone));
  }

  private static void put(Struct.Builder b, String key, String value) {
    if (value != null) {
      b.putFields(key, Value.newBuilder().setStringValue(value).build());
    }
  }

  private static String get(Struct s, String key) {
    Value v = s.getFieldsMap().get(key);
    return v == null ? null : v.getStringValue();
  }
}
