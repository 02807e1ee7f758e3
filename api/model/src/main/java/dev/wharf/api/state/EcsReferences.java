package dev.wharf.api.state;

import dev.wharf.api.arn.Arn;
import dev.wharf.api.arn.Arns;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.TaskDefinition;

/**
 * How ECS resolves the references a service holds, over one {@link MeshState}, in one {@link Scope}.
 * The API resolves requests with these (scope: the caller) and the translator resolves stored
 * services with them (scope: the service's owner), so both find the same resource.
 *
 * <ul>
 *   <li>A namespace reference is an ARN or a name (ECS accepts no bare Cloud Map id); a name is the
 *       scope's first namespace with that {@code Name}, by id.
 *   <li>A task definition reference is an ARN, {@code family:revision} or a bare family, which means
 *       the family's latest ACTIVE revision.
 * </ul>
 *
 * <p>Costs: ARNs and {@code family:revision} are O(log n); names and bare families scan the map
 * (callers on a hot path memoise per map, see the translator's {@code Lookup}).
 */
public final class EcsReferences {
  private EcsReferences() {}

  /** The namespace {@code ref} (ARN or name) names in {@code scope}, or null. */
  public static Namespace namespace(MeshState s, Scope scope, String ref) {
    if (ref == null || ref.isEmpty()) {
      return null;
    }
    if (ref.startsWith("arn:")) {
      Namespace ns = s.namespaces().get(Arn.resourceId(ref));
      return ns != null && ns.arn().equals(ref) && scope.contains(ns.arn()) ? ns : null;
    }
    for (Namespace ns : s.namespaces().values()) {
      if (ns.name().equals(ref) && scope.contains(ns.arn())) {
        return ns;
      }
    }
    return null;
  }

  /**
   * The task definition {@code ref} ({@code family}, {@code family:revision} or ARN) names in
   * {@code scope}, or null. A bare family means its latest ACTIVE revision.
   */
  public static TaskDefinition taskDefinition(MeshState s, Scope scope, String ref) {
    if (ref == null || ref.isEmpty()) {
      return null;
    }
    if (ref.startsWith("arn:")) {
      TaskDefinition td = s.taskDefinitions().get(ref);
      return td != null && scope.contains(ref) ? td : null;
    }
    int colon = ref.lastIndexOf(':');
    if (colon > 0) {
      String rev = ref.substring(colon + 1);
      if (!rev.matches("\\d{1,9}")) {
        return null;
      }
      return s.taskDefinitions().get(Arns.taskDefinition(scope.region(), scope.account(), ref.substring(0, colon),
          Integer.parseInt(rev)));
    }
    TaskDefinition latest = null;
    for (TaskDefinition td : s.taskDefinitions().values()) {
      if (td.family().equals(ref) && TaskDefinition.ACTIVE.equals(td.status()) && scope.contains(td.taskDefinitionArn())
          && (latest == null || td.revision() > latest.revision())) {
        latest = td;
      }
    }
    return latest;
  }
}
