package dev.wharf.api.cloudmap;

import dev.wharf.api.model.cloudmap.CloudMapTag;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The servicediscovery model's input constraints (spec 3.3) as checks. */
final class CloudMapRules {
  static final Pattern NAMESPACE_NAME = Pattern.compile("^(?!arn:)[!-~]{1,1024}$");
  static final Pattern HTTP_NAME = Pattern.compile("^[!-~]{1,1024}$");
  static final Pattern SERVICE_NAME = Pattern.compile(
      "((?=^.{1,127}$)^([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9])"
          + "(\\.([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9]))*$)|(^\\.$)");
  static final Pattern INSTANCE_ID = Pattern.compile("^[0-9a-zA-Z_/:.@-]+$");
  static final Pattern ATTR_KEY = Pattern.compile("^[a-zA-Z0-9!-~]+$");
  static final Pattern ATTR_VALUE =
      Pattern.compile("^([a-zA-Z0-9!-~][ \\ta-zA-Z0-9!-~]*){0,1}[a-zA-Z0-9!-~]{0,1}$");
  static final Pattern ACCOUNT = Pattern.compile("^\\d{12}$");

  private CloudMapRules() {}

  /** An {@code Id}/{@code NamespaceId}/{@code ServiceId} input: an id or an ARN, up to 255 chars. */
  static String idOrArn(RequestContext ctx, String value, String member) {
    Rules.required(ctx, value, member);
    Rules.length(ctx, value, member, 1, 255);
    return value;
  }

  static void description(RequestContext ctx, String value) {
    Rules.length(ctx, value, "Description", 0, 1024);
  }

  static void requestId(RequestContext ctx, String value, String member) {
    Rules.length(ctx, value, member, 0, 64);
  }

  static void ownerAccount(RequestContext ctx, String value) {
    Rules.pattern(ctx, value, "OwnerAccount", ACCOUNT, "12 digits");
  }

  /** Validates tags and returns them as a sorted map (at most 50, else TooManyTagsException). */
  static Map<String, String> tags(RequestContext ctx, List<CloudMapTag> tags, String resourceName) {
    Map<String, String> out = new TreeMap<>();
    if (tags == null) {
      return out;
    }
    Rules.size(ctx, tags, "Tags", 0, 200);
    for (CloudMapTag t : tags) {
      Rules.required(ctx, t, "Tags[]");
      Rules.required(ctx, t.key(), "Tags.Key");
      Rules.length(ctx, t.key(), "Tags.Key", 1, 128);
      if (t.value() == null) {
        throw ctx.invalid("Tags.Value is required.");
      }
      Rules.length(ctx, t.value(), "Tags.Value", 0, 256);
      out.put(t.key(), t.value());
    }
    return out;
  }
}
