package dev.wharf.api.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Pagination (spec 3.5). Lists are sorted by a stable key; a token is the opaque
 * (base64url) key of the last item returned, so a page boundary survives inserts and deletes. The
 * last page has no token. An unreadable token is the service's invalid-input error.
 */
public final class Pages {
  private static final String PREFIX = "wharf1:";

  private Pages() {}

  /** One page of items, and the token for the next one (null on the last page). */
  public record Page<T>(List<T> items, String nextToken) {}

  /** How a list operation pages: member names and AWS's default and largest page sizes. */
  public record Spec(String tokenMember, String maxMember, int defaultSize, int maxSize) {}

  /**
   * Returns the page of {@code sorted} (ascending by {@code key}) that starts after {@code token}.
   *
   * @param maxResults requested page size, or null for the default
   */
  public static <T> Page<T> page(RequestContext ctx, Spec spec, List<T> sorted,
      Function<T, String> key, String token, Integer maxResults) {
    Rules.range(ctx, maxResults, spec.maxMember(), 1, spec.maxSize());
    int size = maxResults == null ? spec.defaultSize() : maxResults;
    String after = token == null || token.isEmpty() ? null : decode(ctx, spec, token);
    List<T> items = new ArrayList<>(Math.min(size, sorted.size()));
    for (T item : sorted) {
      if (after != null && key.apply(item).compareTo(after) <= 0) {
        continue;
      }
      if (items.size() == size) {
        return new Page<>(items, encode(key.apply(items.get(items.size() - 1))));
      }
      items.add(item);
    }
    return new Page<>(items, null);
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(RequestContext ctx, Spec spec, String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        return text.substring(PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // fall through to the error below
    }
    throw ctx.invalid("Invalid " + spec.tokenMember() + ": '" + Rules.clip(token) + "'.");
  }
}
