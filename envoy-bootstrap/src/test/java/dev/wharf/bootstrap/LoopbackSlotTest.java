package dev.wharf.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LoopbackSlotTest {

  @Test
  void derivesTheTaskAddresses() {
    LoopbackSlot slot = LoopbackSlot.parse("3.14");
    assertEquals("127.1.3.14", slot.ingressIp());
    assertEquals("127.2.3.14", slot.appIp());
    assertEquals("127.128.3.14", slot.aliasVip(0));
    assertEquals("127.254.3.14", slot.aliasVip(LoopbackSlot.MAX_ALIASES - 1));
    assertEquals("3.14", slot.toString());
  }

  @Test
  void rejectsBadSlots() {
    for (String bad : new String[] {"", "1", "1.2.3", "256.0", "a.b", "-1.0", " 1.2"}) {
      assertThrows(IllegalArgumentException.class, () -> LoopbackSlot.parse(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> LoopbackSlot.parse("0.0").aliasVip(LoopbackSlot.MAX_ALIASES));
  }

  @Test
  void layoutWireNames() {
    assertEquals("loopback", Layout.LOOPBACK.wireName());
    assertEquals(Layout.AWSVPC, Layout.parse("awsvpc"));
    assertThrows(IllegalArgumentException.class, () -> Layout.parse("AWSVPC"));
  }
}
