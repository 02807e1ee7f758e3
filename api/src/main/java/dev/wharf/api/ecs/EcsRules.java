package dev.wharf.api.ecs;

import dev.wharf.api.model.ecs.Tag;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** ECS input rules shared by the operations (names, tags, page sizes). */
final class EcsRules {
  /** Cluster, service and family names: up to 255 letters, digits, hyphens and underscores. */
  static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,255}$");
  static final String NAME_RULE = "up to 255 letters, numbers, hyphens and underscores";

  private EcsRules() {}

  static void name(RequestContext ctx, String value, String member) {
    Rules.pattern(ctx, value, member, NAME, NAME_RULE);
  }

  /** A reference to a resource by name or ARN (non-empty, bounded). */
  static String ref(RequestContext ctx, String value, String member) {
    Rules.required(ctx, value, member);
    Rules.length(ctx, value, member, 1, 2048);
    return value;
  }

  /** Validates ECS tags (at most 50, keys 1-128, values 0-256, no aws: prefix); returns them sorted. */
  static Map<String, String> tags(RequestContext ctx, List<Tag> tags) {
    Map<String, String> out = new TreeMap<>();
    if (tags == null) {
      return out;
    }
    Rules.size(ctx, tags, "tags", 0, 50);
    for (Tag t : tags) {
      Rules.required(ctx, t, "tags[]");
      Rules.required(ctx, t.key(), "tags.key");
      Rules.length(ctx, t.key(), "tags.key", 1, 128);
      Rules.length(ctx, t.value(), "tags.value", 0, 256);
      if (t.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw ctx.invalid("Tag keys starting with aws: are reserved for AWS use: " + Rules.clip(t.key()));
      }
      out.put(t.key(), t.value() == null ? "" : t.value());
    }
    return out;
  }
}
