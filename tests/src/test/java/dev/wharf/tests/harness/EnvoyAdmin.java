package dev.wharf.tests.harness;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads facts out of a sidecar's Envoy admin interface (the real one; text formats). */
public final class EnvoyAdmin {
  private EnvoyAdmin() {}

  /** How many hosts Envoy currently has in {@code cluster} (admin {@code /clusters}). */
  public static int hosts(Mesh.Task task, String cluster) {
    Pattern p = Pattern.compile("^" + Pattern.quote(cluster) + "::[0-9.]+:\\d+::health_flags::", Pattern.MULTILINE);
    Matcher m = p.matcher(task.admin("/clusters"));
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** Whether {@code cluster} lists {@code address} ("ip:port"). */
  public static boolean hasHost(Mesh.Task task, String cluster, String address) {
    return task.admin("/clusters").contains(cluster + "::" + address + "::health_flags::");
  }

  /** A counter or gauge from admin {@code /stats}, or -1 when absent. */
  public static long stat(Mesh.Task task, String name) {
    Matcher m = Pattern.compile("^" + Pattern.quote(name) + ": (\\d+)$", Pattern.MULTILINE)
        .matcher(task.admin("/stats?filter=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * Waits until {@code cluster}'s host set has stopped changing on this sidecar: no EDS update and no
   * deferred (merged) host-set update for 1.5 s, longer than Envoy's 1 s update merge window. Until
   * then Envoy may rebuild hosts and their outlier-detection counters start again from zero.
   */
  public static void awaitSettled(Mesh.Task task, String cluster) {
    String filter = "cluster." + cluster + ".update_(success|no_rebuild)|cluster_manager.cluster_updated_via_merge";
    String[] last = {task.admin("/stats?filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8))};
    long[] since = {System.nanoTime()};
    Await.until(java.time.Duration.ofSeconds(15), cluster + " settles on " + task.id(), () -> {
      String now = task.admin("/stats?filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8));
      if (!now.equals(last[0])) {
        last[0] = now;
        since[0] = System.nanoTime();
        return false;
      }
      return System.nanoTime() - since[0] > 1_500_000_000L;
    });
  }
}
