package dev.wharf.controlplane.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeStateTest {
  private static TypeSnapshot clusters(long timeout, String... names) {
    return TypeSnapshot.of(XdsType.CLUSTER, Arrays.stream(names)
        .map(n -> XdsResource.of(XdsType.CLUSTER, SnapshotPublisherTest.cluster(n, timeout))).toList());
  }

  @Test
  void aFreshProxyIsSentEverythingThenNothing() {
    TypeState s = new TypeState(XdsType.CLUSTER);
    s.subscribed = true;
    s.wildcard = true;
    TypeSnapshot v1 = clusters(5, "a", "b");
    TypeState.Plan p = s.pending(v1, new TypeState.Placeholders());
    assertEquals(2, p.upserts().size());
    s.sent(v1, p, Map.of(), "1", v1.version());
    assertEquals(true, s.pending(v1, new TypeState.Placeholders()).isEmpty());
  }

  @Test
  void diffsAreSharedBetweenProxiesAndANackRestoresTheAckedState() {
    TypeSnapshot v1 = clusters(5, "a", "b");
    TypeSnapshot v2 = clusters(5, "a", "c");
    assertSame(v2.diffFrom(v1), v2.diffFrom(v1));
    assertEquals(List.of("c"), v2.diffFrom(v1).changed());
    assertEquals(List.of("b"), v2.diffFrom(v1).removed());
    TypeState s = new TypeState(XdsType.CLUSTER);
    s.subscribed = true;
    s.wildcard = true;
    s.base = v1;
    TypeState.Plan p = s.pending(v2, new TypeState.Placeholders());
    s.sent(v2, p, Map.of(), "1", v2.version());
    s.nacked();
    assertSame(v1, s.base);
    assertEquals(v2.version(), s.rejectedVersion);
  }
}
