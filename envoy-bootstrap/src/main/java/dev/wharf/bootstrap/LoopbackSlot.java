package dev.wharf.bootstrap;

import dev.wharf.api.model.ecs.NetworkLayout;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task's slot {@code (a, b)} in the loopback layout (DESIGN.md "Network layouts"): its ingress
 * listener binds {@code 127.1.a.b}, its app {@code 127.2.a.b}, and its k-th client alias the VIP
 * {@code 127.(128+k).a.b}. Linux routes all of {@code 127.0.0.0/8} to {@code lo}, so no root is
 * needed. Written {@code a.b}, as in node metadata. The alias VIP plan is the model's
 * ({@link NetworkLayout}), shared with the translator.
 *
 * @param a first octet of the slot, 0..255
 * @param b second octet of the slot, 0..255
 */
public record LoopbackSlot(int a, int b) {

  /**
   * The most client aliases one task can have VIPs for ({@code 127.128.a.b} to {@code 127.254.a.b}):
   * {@link NetworkLayout#LOOPBACK_MAX_INDEX} + 1.
   */
  public static final int MAX_ALIASES = NetworkLayout.LOOPBACK_MAX_INDEX + 1;

  private static final Pattern TEXT = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})");

  /** Checks both octets. */
  public LoopbackSlot {
    if (a < 0 || a > 255 || b < 0 || b > 255) {
      throw new IllegalArgumentException("slot octets must be 0..255, got " + a + "." + b);
    }
  }

  /**
   * Parses {@code a.b}.
   *
   * @throws IllegalArgumentException if the text is not two octets
   */
  public static LoopbackSlot parse(String text) {
    Matcher m = TEXT.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("slot must look like a.b (two numbers 0..255), got " + text);
    }
    return new LoopbackSlot(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The task's ingress address, {@code 127.1.a.b}. */
  public String ingressIp() {
    return address(1);
  }

  /** The task's app address, {@code 127.2.a.b}. */
  public String appIp() {
    return address(2);
  }

  /**
   * The VIP of the task's k-th client alias (k from 0), {@code 127.(128+k).a.b}: {@link
   * NetworkLayout#aliasVip} of the loopback layout.
   *
   * @throws IllegalArgumentException when k is outside 0..{@link NetworkLayout#LOOPBACK_MAX_INDEX}
   */
  public String aliasVip(int k) {
    return NetworkLayout.aliasVip(NetworkLayout.LOOPBACK, toString(), k);
  }

  /** {@code a.b}. */
  @Override
  public String toString() {
    return a + "." + b;
  }

  private String address(int second) {
    return "127." + second + "." + a + "." + b;
  }
}
