package dev.wharf.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Tagging}: merge, remove, the limit, and "no change = same state". */
class TaggingTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:1:cluster/c";

  @Test
  void tagMergesAndUntagRemoves() {
    MeshState s = Tagging.tag(MeshState.EMPTY, ARN, Map.of("a", "1", "b", "2"), IllegalStateException::new);
    s = Tagging.tag(s, ARN, Map.of("b", "3"), IllegalStateException::new);
    assertEquals(Map.of("a", "1", "b", "3"), Tagging.tags(s, ARN));
    s = Tagging.untag(s, ARN, List.of("a", "b"));
    assertFalse(s.tags().containsKey(ARN), "no tags, no entry");
  }

  @Test
  void noChangeIsTheSameState() {
    MeshState s = Tagging.tag(MeshState.EMPTY, ARN, Map.of("a", "1"), IllegalStateException::new);
    assertSame(s, Tagging.tag(s, ARN, Map.of("a", "1"), IllegalStateException::new));
    assertSame(s, Tagging.untag(s, ARN, List.of("zz")));
  }

  @Test
  void moreThanTheLimitThrowsTheCallersError() {
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i <= Tagging.MAX_TAGS; i++) {
      many.put("k" + i, "v");
    }
    assertThrows(IllegalStateException.class,
        () -> Tagging.tag(MeshState.EMPTY, ARN, many, IllegalStateException::new));
  }
}
