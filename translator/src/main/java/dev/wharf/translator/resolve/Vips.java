package dev.wharf.translator.resolve;

import dev.wharf.api.model.ecs.NetworkLayout;

/**
 * The translator's name for the alias VIP plan, which lives in the model ({@link NetworkLayout}) so
 * that the translator and the sidecar side share one implementation and one range. This class only
 * forwards; it adds no rule.
 */
public final class Vips {
  /** Highest alias index the loopback layout can address ({@link NetworkLayout#LOOPBACK_MAX_INDEX}). */
  public static final int LOOPBACK_MAX_INDEX = NetworkLayout.LOOPBACK_MAX_INDEX;
  /** Highest alias index the awsvpc layout can address ({@link NetworkLayout#AWSVPC_MAX_INDEX}). */
  public static final int AWSVPC_MAX_INDEX = NetworkLayout.AWSVPC_MAX_INDEX;

  private Vips() {}

  /**
   * The VIP of alias index {@code k} for a task: {@link NetworkLayout#aliasVip}.
   *
   * @throws IllegalArgumentException when the layout or slot is invalid or k is out of range
   */
  public static String vip(String layout, String slot, int k) {
    return NetworkLayout.aliasVip(layout, slot, k);
  }
}
