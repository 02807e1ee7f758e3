package dev.wharf.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.arn.Arn;
import dev.wharf.api.cloudmap.CloudMapState;
import dev.wharf.api.ecs.EcsShapes.ListTagsForResourceRequest;
import dev.wharf.api.ecs.EcsShapes.TagResourceRequest;
import dev.wharf.api.ecs.EcsShapes.TagsResponse;
import dev.wharf.api.ecs.EcsShapes.UntagResourceRequest;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import dev.wharf.api.state.StateStore.Outcome;
import dev.wharf.api.state.Tagging;
import java.util.Map;

/**
 * ECS TagResource, UntagResource and ListTagsForResource on cluster, service, task definition and
 * task ARNs (at most {@link Tagging#MAX_TAGS} tags per resource). An unknown cluster ARN is
 * ClusterNotFoundException, any other unknown ARN ResourceNotFoundException; a malformed one
 * InvalidParameterException.
 */
final class TagOperations {
  private final StateStore store;

  TagOperations(StateStore store) {
    this.store = store;
  }

  Object tag(RequestContext ctx, ObjectNode input) {
    TagResourceRequest req = ctx.read(input, TagResourceRequest.class);
    EcsRules.ref(ctx, req.resourceArn(), "resourceArn");
    Rules.required(ctx, req.tags(), "tags");
    Map<String, String> add = EcsRules.tags(ctx, req.tags());
    return store.apply(s -> {
      exists(s, ctx, req.resourceArn());
      MeshState next = Tagging.tag(s, req.resourceArn(), add,
          () -> ctx.invalid("A resource can have at most " + Tagging.MAX_TAGS + " tags."));
      return new Outcome<>(next, Map.of());
    });
  }

  Object untag(RequestContext ctx, ObjectNode input) {
    UntagResourceRequest req = ctx.read(input, UntagResourceRequest.class);
    EcsRules.ref(ctx, req.resourceArn(), "resourceArn");
    Rules.required(ctx, req.tagKeys(), "tagKeys");
    return store.apply(s -> {
      exists(s, ctx, req.resourceArn());
      return new Outcome<>(Tagging.untag(s, req.resourceArn(), req.tagKeys()), Map.of());
    });
  }

  Object list(RequestContext ctx, ObjectNode input) {
    ListTagsForResourceRequest req = ctx.read(input, ListTagsForResourceRequest.class);
    EcsRules.ref(ctx, req.resourceArn(), "resourceArn");
    MeshState s = store.current();
    exists(s, ctx, req.resourceArn());
    return new TagsResponse(EcsViews.tags(s, req.resourceArn()));
  }

  private static void exists(MeshState s, RequestContext ctx, String arn) {
    Arn parsed = Arn.parse(arn);
    if (parsed == null || !"ecs".equals(parsed.service())) {
      throw ctx.invalid("The ARN " + Rules.clip(arn) + " is not a valid ECS resource ARN.");
    }
    boolean inScope = CloudMapState.inScope(arn, ctx.caller());
    switch (parsed.resourceType()) {
      case "cluster" -> {
        var c = s.clusters().get(arn);
        if (!inScope || c == null || !Cluster.ACTIVE.equals(c.status())) {
          throw EcsErrors.clusterNotFound();
        }
      }
      case "service" -> check(inScope && s.services().containsKey(arn), arn);
      case "task-definition" -> check(inScope && s.taskDefinitions().containsKey(arn), arn);
      case "task" -> check(inScope && s.tasks().containsKey(arn), arn);
      default -> throw ctx.invalid("Resources of type " + Rules.clip(parsed.resourceType()) + " can't be tagged.");
    }
  }

  private static void check(boolean found, String arn) {
    if (!found) {
      throw EcsErrors.resourceNotFound(arn);
    }
  }
}
