package dev.wharf.translator.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VipsTest {
  @Test
  void loopbackVipsLiveInTheTasksOwnSlot() {
    assertEquals("127.128.3.7", Vips.vip("loopback", "3.7", 0));
    assertEquals("127.254.3.7", Vips.vip("loopback", "3.7", Vips.LOOPBACK_MAX_INDEX));
  }

  @Test
  void loopbackRefusesIndicesThatWouldReach127_255() {
    assertThrows(IllegalArgumentException.class, () -> Vips.vip("loopback", "3.7", 127));
  }

  @Test
  void loopbackRefusesMalformedSlots() {
    assertThrows(IllegalArgumentException.class, () -> Vips.vip("loopback", null, 0));
    assertThrows(IllegalArgumentException.class, () -> Vips.vip("loopback", "1.2.3", 0));
    assertThrows(IllegalArgumentException.class, () -> Vips.vip("loopback", "1.256", 0));
  }

  @Test
  void awsvpcVipsCountFrom127_255_0_1() {
    assertEquals("127.255.0.1", Vips.vip("awsvpc", null, 0));
    assertEquals("127.255.1.0", Vips.vip("awsvpc", null, 255));
    assertEquals("127.255.255.254", Vips.vip("awsvpc", null, Vips.AWSVPC_MAX_INDEX));
    assertThrows(IllegalArgumentException.class, () -> Vips.vip("awsvpc", null, Vips.AWSVPC_MAX_INDEX + 1));
  }

  @Test
  void unknownLayoutIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Vips.vip("bridge", "1.1", 0));
  }
}
