package dev.wharf.tests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.bootstrap.BootstrapBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
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

  /**
   * Admin {@code /stats} lines whose names match the RE2 {@code filter}. The {@code ~} of Wharf's stat
   * names is sent as is: Envoy's admin matched nothing for a filter with {@code %7E} from this client.
   */
  public static String stats(Mesh.Task task, String filter) {
    String query = URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("%7E", "~");
    return task.admin("/stats?filter=" + query);
  }

  /** A counter or gauge from admin {@code /stats}, or -1 when absent. */
  public static long stat(Mesh.Task task, String name) {
    Matcher m = Pattern.compile("^" + Pattern.quote(name) + ": (\\d+)$", Pattern.MULTILINE)
        .matcher(stats(task, name));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * Waits until {@code cluster}'s host set has stopped changing on this sidecar: no EDS update and no
   * deferred (merged) host-set update for 1.5 s, longer than Envoy's 1 s update merge window. Until
   * then Envoy may rebuild hosts and their outlier-detection counters start again from zero.
   */
  public static void awaitSettled(Mesh.Task task, String cluster) {
    String filter =
        "cluster.egress~" + cluster + ".update_(success|no_rebuild)|cluster_manager.cluster_updated_via_merge";
    String[] last = {stats(task, filter)};
    long[] since = {System.nanoTime()};
    Await.until(Duration.ofSeconds(15), cluster + " settles on " + task.id(), () -> {
      String now = stats(task, filter);
      if (!now.equals(last[0])) {
        last[0] = now;
        since[0] = System.nanoTime();
        return false;
      }
      return System.nanoTime() - since[0] > 1_500_000_000L;
    });
  }

  /**
   * The listeners the control plane gave Envoy, as {@code name -> ip:port} (admin {@code /listeners});
   * the bootstrap's own metrics listener ({@code BootstrapBuilder.METRICS_LISTENER}) is left out.
   */
  public static Map<String, String> listeners(Mesh.Task task) {
    Map<String, String> out = new TreeMap<>();
    for (String line : task.admin("/listeners").split("\n")) {
      int sep = line.indexOf("::");
      if (sep > 0 && !line.substring(0, sep).equals(BootstrapBuilder.METRICS_LISTENER)) {
        out.put(line.substring(0, sep), line.substring(sep + 2).trim());
      }
    }
    return out;
  }

  /** The sidecar's whole {@code /config_dump} as JSON (dynamic listeners, clusters, routes). */
  public static JsonNode configDump(Mesh.Task task) {
    try {
      return Mesh.JSON.readTree(task.admin("/config_dump"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether something accepts TCP connections at {@code ip:port} (a listener is bound and open). */
  public static boolean accepts(String ip, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(ip, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The {@code typed_config} of the first network filter (HTTP connection manager or tcp_proxy) of
   * dynamic listener {@code name}, from {@code /config_dump}; fails when absent.
   */
  public static JsonNode listenerFilter(Mesh.Task task, String name) {
    for (JsonNode c : configDump(task).path("configs")) {
      for (JsonNode l : c.path("dynamic_listeners")) {
        if (l.path("name").asText().equals(name)) {
          return l.path("active_state").path("listener").path("filter_chains").path(0).path("filters").path(0)
              .path("typed_config");
        }
      }
    }
    throw new AssertionError("no dynamic listener " + name + " on " + task.id());
  }

  /** The {@code route} action of the first route of dynamic route configuration {@code name}. */
  public static JsonNode routeAction(Mesh.Task task, String name) {
    for (JsonNode c : configDump(task).path("configs")) {
      for (JsonNode r : c.path("dynamic_route_configs")) {
        if (r.path("route_config").path("name").asText().equals(name)) {
          return r.path("route_config").path("virtual_hosts").path(0).path("routes").path(0).path("route");
        }
      }
    }
    throw new AssertionError("no route configuration " + name + " on " + task.id());
  }
}
