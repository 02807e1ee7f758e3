package dev.wharf.api.arn;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Random identifiers in AWS's shapes (spec 3.6): {@code ns-} and {@code srv-} plus
 * 16 {@code [a-z0-9]}, operation ids {@code <32 [a-z0-9]>-<8 [a-z0-9]>}, deployment ids
 * {@code ecs-svc/<19 digits>}, 32-hex task ids. Thread-safe. Randomness is allowed here, in the
 * API; the translator never makes ids.
 */
public final class Ids {
  private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Random RANDOM = new SecureRandom();

  private Ids() {}

  public static String namespaceId() {
    return "ns-" + chars(ALNUM, 16);
  }

  public static String serviceId() {
    return "srv-" + chars(ALNUM, 16);
  }

  public static String operationId() {
    return chars(ALNUM, 32) + "-" + chars(ALNUM, 8);
  }

  public static String deploymentId() {
    return "ecs-svc/" + (1 + RANDOM.nextInt(9)) + chars("0123456789", 18);
  }

  public static String taskId() {
    return chars("0123456789abcdef", 32);
  }

  public static String uuid() {
    return java.util.UUID.randomUUID().toString();
  }

  private static String chars(String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
