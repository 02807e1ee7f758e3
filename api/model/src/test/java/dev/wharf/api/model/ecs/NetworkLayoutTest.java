package dev.wharf.api.model.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NetworkLayoutTest {
  @Test
  void loopbackVipsLiveInTheTasksOwnSlot() {
    assertEquals("127.128.3.7", NetworkLayout.aliasVip("loopback", "3.7", 0));
    assertEquals("127.254.3.7", NetworkLayout.aliasVip("loopback", "3.7", NetworkLayout.LOOPBACK_MAX_INDEX));
  }

  @Test
  void loopbackRefusesIndicesThatWouldReach127_255() {
    assertThrows(IllegalArgumentException.class, () -> NetworkLayout.aliasVip("loopback", "3.7", 127));
  }

  @Test
  void loopbackRefusesMalformedSlots() {
    assertThrows(IllegalArgumentException.class, () -> NetworkLayout.aliasVip("loopback", null, 0));
    assertThrows(IllegalArgumentException.class, () -> NetworkLayout.aliasVip("loopback", "1.2.3", 0));
    assertThrows(IllegalArgumentException.class, () -> NetworkLayout.aliasVip("loopback", "1.256", 0));
  }

  @Test
  void awsvpcVipsCountFrom127_255_0_1() {
    assertEquals("127.255.0.1", NetworkLayout.aliasVip("awsvpc", null, 0));
    assertEquals("127.255.1.0", NetworkLayout.aliasVip("awsvpc", null, 255));
    assertEquals("127.255.255.254", NetworkLayout.aliasVip("awsvpc", null, NetworkLayout.AWSVPC_MAX_INDEX));
    assertThrows(IllegalArgumentException.class,
        () -> NetworkLayout.aliasVip("awsvpc", null, NetworkLayout.AWSVPC_MAX_INDEX + 1));
  }

  @Test
  void unknownLayoutIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> NetworkLayout.aliasVip("bridge", "1.1", 0));
  }
}
