package dev.wharf.api.model.ecs;

/**
 * The address plan of the two network layouts a {@link Task} can have (DESIGN.md "Network layouts";
 * spec 25): the one implementation of alias VIPs, used by the translator (which writes the egress
 * listeners and hosts files) and by the sidecar side ({@code dev.wharf.bootstrap.LoopbackSlot}).
 * Alias index k is the stable index from {@code MeshState.aliasVips}.
 *
 * <ul>
 *   <li>{@link #LOOPBACK}: {@code 127.(128+k).a.b} for task slot {@code "a.b"}, k in
 *       0..{@value #LOOPBACK_MAX_INDEX}, so every task has its own VIPs on the shared loopback and
 *       never touches {@code 127.255/16} (the awsvpc VIP range);
 *   <li>{@link #AWSVPC}: {@code 127.255.x.y} where {@code x.y} is k+1 as a 16-bit number (AWS's range,
 *       {@code 127.255.0.1} first), k in 0..{@value #AWSVPC_MAX_INDEX}.
 * </ul>
 */
public final class NetworkLayout {
  /** {@code Task.layout} of tasks sharing the host's network namespace, each with its own loopback slot. */
  public static final String LOOPBACK = "loopback";
  /** {@code Task.layout} of tasks with their own network namespace, as on AWS. */
  public static final String AWSVPC = "awsvpc";
  /** Highest alias index the loopback layout can address. */
  public static final int LOOPBACK_MAX_INDEX = 126;
  /** Highest alias index the awsvpc layout can address (keeps clear of 127.255.255.255). */
  public static final int AWSVPC_MAX_INDEX = 65533;

  private NetworkLayout() {}

  /**
   * The VIP of alias index {@code k} for a task of {@code layout} ({@code slot} is read in the loopback
   * layout only).
   *
   * @throws IllegalArgumentException when the layout or slot is invalid or k is out of range
   */
  public static String aliasVip(String layout, String slot, int k) {
    if (LOOPBACK.equals(layout)) {
      if (k < 0 || k > LOOPBACK_MAX_INDEX) {
        throw new IllegalArgumentException("alias index " + k + " exceeds the loopback VIP range (max "
            + LOOPBACK_MAX_INDEX + ")");
      }
      return "127." + (128 + k) + "." + checkSlot(slot);
    }
    if (AWSVPC.equals(layout)) {
      if (k < 0 || k > AWSVPC_MAX_INDEX) {
        throw new IllegalArgumentException("alias index " + k + " exceeds 127.255.0.0/16");
      }
      int n = k + 1;
      return "127.255." + (n >> 8) + "." + (n & 0xff);
    }
    throw new IllegalArgumentException("unknown network layout " + layout);
  }

  private static String checkSlot(String slot) {
    String[] parts = slot == null ? new String[0] : slot.split("\\.", -1);
    if (parts.length != 2 || !octet(parts[0]) || !octet(parts[1])) {
      throw new IllegalArgumentException("loopback slot must be \"a.b\" with octets 0-255, is " + slot);
    }
    return slot;
  }

  private static boolean octet(String s) {
    if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return Integer.parseInt(s) <= 255;
  }
}
