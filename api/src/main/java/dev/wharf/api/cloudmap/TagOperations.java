package dev.wharf.api.cloudmap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.cloudmap.CloudMapShapes.ListTagsForResourceRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.ListTagsForResourceResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.TagResourceRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.UntagResourceRequest;
import dev.wharf.api.model.cloudmap.CloudMapTag;
import dev.wharf.api.protocol.Caller;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import dev.wharf.api.state.StateStore.Outcome;
import dev.wharf.api.state.Tagging;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cloud Map TagResource, UntagResource and ListTagsForResource on namespace and service ARNs. At most
 * {@link Tagging#MAX_TAGS} tags per resource (TooManyTagsException); keys starting with {@code aws:} are reserved.
 */
final class TagOperations {
  private final StateStore store;

  TagOperations(StateStore store) {
    this.store = store;
  }

  Object tag(RequestContext ctx, ObjectNode input) {
    TagResourceRequest req = ctx.read(input, TagResourceRequest.class);
    arn(ctx, req.resourceARN());
    Rules.required(ctx, req.tags(), "Tags");
    Map<String, String> add = CloudMapRules.tags(ctx, req.tags(), req.resourceARN());
    reserved(ctx, add.keySet());
    return store.apply(s -> {
      exists(s, ctx.caller(), req.resourceARN());
      MeshState next = Tagging.tag(s, req.resourceARN(), add, () -> CloudMapErrors.tooManyTags(req.resourceARN()));
      return new Outcome<>(next, Map.of());
    });
  }

  Object untag(RequestContext ctx, ObjectNode input) {
    UntagResourceRequest req = ctx.read(input, UntagResourceRequest.class);
    arn(ctx, req.resourceARN());
    Rules.required(ctx, req.tagKeys(), "TagKeys");
    Rules.size(ctx, req.tagKeys(), "TagKeys", 0, 200);
    for (String k : req.tagKeys()) {
      Rules.required(ctx, k, "TagKeys[]");
      Rules.length(ctx, k, "TagKeys[]", 1, 128);
    }
    return store.apply(s -> {
      exists(s, ctx.caller(), req.resourceARN());
      return new Outcome<>(Tagging.untag(s, req.resourceARN(), req.tagKeys()), Map.of());
    });
  }

  Object list(RequestContext ctx, ObjectNode input) {
    ListTagsForResourceRequest req = ctx.read(input, ListTagsForResourceRequest.class);
    arn(ctx, req.resourceARN());
    MeshState s = store.current();
    exists(s, ctx.caller(), req.resourceARN());
    List<CloudMapTag> tags = CloudMapState.tags(s, req.resourceARN()).entrySet().stream()
        .map(e -> new CloudMapTag(e.getKey(), e.getValue())).toList();
    return new ListTagsForResourceResponse(tags);
  }

  private static void arn(RequestContext ctx, String arn) {
    Rules.required(ctx, arn, "ResourceARN");
    Rules.length(ctx, arn, "ResourceARN", 1, 1011);
  }

  private static void reserved(RequestContext ctx, Set<String> keys) {
    for (String k : keys) {
      if (k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw ctx.invalid("Tag keys starting with aws: are reserved: " + Rules.clip(k));
      }
    }
  }

  private static void exists(MeshState s, Caller caller, String arn) {
    boolean found = arn.contains(":namespace/") ? CloudMapState.namespace(s, caller, arn) != null
        : arn.contains(":service/") && CloudMapState.service(s, caller, arn) != null;
    if (!found) {
      throw CloudMapErrors.resourceNotFound(arn);
    }
  }
}
