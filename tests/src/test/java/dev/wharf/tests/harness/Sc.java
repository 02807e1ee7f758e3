package dev.wharf.tests.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for {@code serviceConnectConfiguration} documents, as plain maps for {@link Mesh#service}. */
public final class Sc {
  private Sc() {}

  /** A client-only configuration: {@code enabled} and {@code namespace} (spec 12). */
  public static Map<String, Object> client(String namespace) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", true);
    m.put("namespace", namespace);
    return m;
  }

  /** A client-server configuration with the given {@code services[]} entries. */
  @SafeVarargs
  public static Map<String, Object> server(String namespace, Map<String, Object>... services) {
    Map<String, Object> m = client(namespace);
    m.put("services", List.of(services));
    return m;
  }

  /** A {@code services[]} entry with one client alias {@code dnsName:aliasPort}. */
  public static Map<String, Object> port(String portName, String discoveryName, String dnsName, int aliasPort) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("portName", portName);
    m.put("discoveryName", discoveryName);
    m.put("clientAliases", List.of(Map.of("port", aliasPort, "dnsName", dnsName)));
    return m;
  }

  /** {@code entry} with {@code timeout} set; a null leaves that field out. */
  public static Map<String, Object> timeout(Map<String, Object> entry, Integer perRequestSeconds, Integer idleSeconds) {
    Map<String, Object> t = new LinkedHashMap<>();
    if (perRequestSeconds != null) {
      t.put("perRequestTimeoutSeconds", perRequestSeconds);
    }
    if (idleSeconds != null) {
      t.put("idleTimeoutSeconds", idleSeconds);
    }
    entry.put("timeout", t);
    return entry;
  }

  /** {@code config} with access logs in {@code format} (TEXT or JSON), and the log configuration they need. */
  public static Map<String, Object> accessLogs(Map<String, Object> config, String format, String includeQuery) {
    config.put("logConfiguration", Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "sc")));
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("format", format);
    if (includeQuery != null) {
      a.put("includeQueryParameters", includeQuery);
    }
    config.put("accessLogConfiguration", a);
    return config;
  }

  /** {@code entry} with {@code ingressPortOverride} set (spec 29). */
  public static Map<String, Object> ingressPortOverride(Map<String, Object> entry, int port) {
    entry.put("ingressPortOverride", port);
    return entry;
  }
}
