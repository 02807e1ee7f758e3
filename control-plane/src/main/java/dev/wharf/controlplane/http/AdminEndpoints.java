package dev.wharf.controlplane.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.wharf.controlplane.metrics.SidecarTarget;
import dev.wharf.controlplane.xds.GroupSnapshot;
import dev.wharf.controlplane.xds.XdsResource;
import dev.wharf.controlplane.xds.XdsType;
import dev.wharf.translator.TranslationResult;
import dev.wharf.translator.xds.XdsTypes;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Wharf's own endpoints under {@code /wharf} on the API port (not AWS API calls):
 *
 * <ul>
 *   <li>{@code GET /wharf/health}: 200 when serving;
 *   <li>{@code GET /wharf/hosts/<task id or ARN>}: the task's hosts file (alias name → its VIP);
 *   <li>{@code GET /wharf/proxies}: per ADS stream, the node and per-type sent/ACKed/NACKed
 *       versions and last error; tasks whose registration was refused; groups whose newest
 *       snapshot failed validation; translation problems;
 *   <li>{@code GET /wharf/groups/<task ARN>}: the group's current snapshot as JSON, with versions;
 *   <li>{@code GET /wharf/metrics}: the Micrometer meters;
 *   <li>{@code GET /wharf/prometheus/targets}: Prometheus HTTP service discovery, every sidecar's metrics
 *       listener with ECS labels;
 *   <li>{@code POST /wharf/reset}: wipes all state, only when the server was started with it enabled;
 *   <li>{@code POST /wharf/sidecar-credentials} with {@code {"taskArn": ..., "service": ...}}: a
 *       sidecar credential for that task ({@code credential}, valid 30 days) and, when ADS is
 *       served over TLS, the CA its bootstrap must trust ({@code xdsCa}). With API credentials
 *       configured, the HTTP binding admits only SigV4-signed calls here.
 *   <li>{@code GET /wharf/ca}: the trust bundle (PEM): the roots sidecar certificates chain to;
 *   <li>{@code POST /wharf/ca/rotate-root}: replaces the built-in root under traffic (bundle, ACKs,
 *       new leaves, ACKs, old root dropped); answers when done.
 * </ul>
 *
 * <p>Private keys never leave through these endpoints: Secrets in a group's snapshot are shown with
 * their key redacted.
 */
public final class AdminEndpoints implements ApiHttpServer.AdminHandler {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private static final Pattern TASK_ARN =
      Pattern.compile("arn:aws:ecs:[a-z0-9-]{1,32}:\\d{12}:task/[A-Za-z0-9_-]{1,255}/[A-Za-z0-9-]{1,64}");
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  private final AdminView cp;

  /** Endpoints over {@code view} (the running control plane). */
  public AdminEndpoints(AdminView view) {
    this.cp = view;
  }

  @Override
  public ApiHttpServer.AdminResponse handle(String method, String path, byte[] body) {
    try {
      if (method.equals("POST") && path.equals("/reset")) {
        return reset();
      }
      if (method.equals("POST") && path.equals("/sidecar-credentials")) {
        return sidecarCredential(body);
      }
      if (method.equals("POST") && path.equals("/ca/rotate-root")) {
        return rotateRoot();
      }
      if (!method.equals("GET")) {
        return ApiHttpServer.AdminResponse.text(405, "method not allowed\n");
      }
      if (path.equals("/health")) {
        return health();
      }
      if (path.startsWith("/hosts/")) {
        return hosts(decode(path.substring("/hosts/".length())));
      }
      if (path.equals("/proxies")) {
        return proxies();
      }
      if (path.startsWith("/groups/")) {
        return group(decode(path.substring("/groups/".length())));
      }
      if (path.equals("/prometheus/targets")) {
        return prometheusTargets();
      }
      if (path.equals("/metrics")) {
        return metrics();
      }
      if (path.equals("/ca")) {
        return ApiHttpServer.AdminResponse.text(200, cp.trustBundlePem());
      }
      return ApiHttpServer.AdminResponse.text(404, "no such admin endpoint: /wharf" + path + "\n");
    } catch (JsonProcessingException | InvalidProtocolBufferException e) {
      return ApiHttpServer.AdminResponse.text(500, "cannot render: " + e.getMessage() + "\n");
    }
  }

  private ApiHttpServer.AdminResponse sidecarCredential(byte[] body) throws JsonProcessingException {
    JsonNode in;
    try {
      in = JSON.readTree(body);
    } catch (IOException e) {
      in = null;
    }
    String task = in == null ? "" : in.path("taskArn").asText("");
    String service = in == null ? "" : in.path("service").asText("");
    if (!TASK_ARN.matcher(task).matches() || !SERVICE.matcher(service).matches()) {
      return ApiHttpServer.AdminResponse.text(400, "expected {\"taskArn\": \"arn:aws:ecs:<region>:<account>:task/"
          + "<cluster>/<id>\", \"service\": \"<ECS service name>\"}\n");
    }
    String credential = cp.issueSidecarCredential(task, service);
    Map<String, Object> m = new TreeMap<>();
    m.put("credential", credential);
    if (cp.xdsTrust() != null) {
      m.put("xdsCa", cp.xdsTrust());
    }
    return json(m);
  }

  private ApiHttpServer.AdminResponse reset() throws JsonProcessingException {
    if (!cp.resetEnabled()) {
      return ApiHttpServer.AdminResponse.text(403, "reset is disabled; start the server with --enable-reset\n");
    }
    cp.resetAll();
    return json(Map.of("reset", true));
  }

  private ApiHttpServer.AdminResponse rotateRoot() throws JsonProcessingException {
    try {
      cp.rotateRoot();
    } catch (IllegalStateException e) {
      return ApiHttpServer.AdminResponse.text(409, e.getMessage() + "\n");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ApiHttpServer.AdminResponse.text(503, "interrupted\n");
    }
    return json(Map.of("rotated", true));
  }

  private ApiHttpServer.AdminResponse hosts(String task) {
    TranslationResult r = cp.lastResult();
    if (r == null) {
      return ApiHttpServer.AdminResponse.text(503, "no translation yet\n");
    }
    for (var e : r.hosts().entrySet()) {
      if (e.getKey().equals(task) || e.getKey().endsWith("/" + task)) {
        return ApiHttpServer.AdminResponse.text(200, "# Wharf Service Connect aliases for " + e.getKey()
            + "\n127.0.0.1 localhost\n" + r.hostsFile(e.getKey()));
      }
    }
    return ApiHttpServer.AdminResponse.text(404, "unknown task " + task + "\n");
  }

  /**
   * {@code ok}, or {@code degraded} with the reason while reconcile passes fail (the last good
   * configuration keeps serving; proxies that never had one get nothing) or proxies are connected
   * without configuration. Degraded answers 503, so a load balancer or a readiness probe sees it.
   */
  private ApiHttpServer.AdminResponse health() throws JsonProcessingException {
    Map<String, Object> m = new TreeMap<>();
    var h = cp.reconcileHealth();
    List<String> unconfigured = unconfiguredProxies();
    String store = cp.storeWriteFailure();
    boolean ok = h.ok() && store == null;
    m.put("status", ok ? "ok" : "degraded");
    m.put("reconcile", h);
    if (!h.ok()) {
      m.put("reason", "reconcile pass failing (" + h.consecutiveFailures() + " in a row): " + h.reason());
    }
    if (store != null) {
      m.put("reason", "state store cannot write: " + store);
    }
    m.put("unconfiguredProxies", unconfigured.size());
    m.put("openStreams", cp.tracker().openStreams());
    return ApiHttpServer.AdminResponse.json(ok ? 200 : 503, JSON.writeValueAsString(m) + "\n");
  }

  /** Groups of connected proxies that have no snapshot: their proxies hold no configuration. */
  private List<String> unconfiguredProxies() {
    List<String> out = new ArrayList<>();
    for (String group : cp.tracker().groups()) {
      if (cp.publisher().current(group) == null) {
        out.add(group);
      }
    }
    return out;
  }

  private ApiHttpServer.AdminResponse proxies() throws JsonProcessingException {
    Map<String, Object> m = new TreeMap<>();
    m.put("streams", cp.tracker().view());
    m.put("unconfiguredProxies", unconfiguredProxies());
    m.put("reconcile", cp.reconcileHealth());
    m.put("rejectedTasks", cp.rejectedTasks());
    m.put("failedGroups", cp.publisher().failures());
    TranslationResult r = cp.lastResult();
    m.put("problems", r == null ? List.of() : r.problems().stream().map(Object::toString).toList());
    return json(m);
  }

  private ApiHttpServer.AdminResponse group(String key)
      throws InvalidProtocolBufferException, JsonProcessingException {
    GroupSnapshot s = cp.publisher().current(key);
    if (s == null) {
      return ApiHttpServer.AdminResponse.text(404, "no snapshot for " + key + "\n");
    }
    JsonFormat.Printer printer = JsonFormat.printer().usingTypeRegistry(XdsTypes.registry());
    Map<String, Object> out = new TreeMap<>();
    for (XdsType t : XdsType.ORDER) {
      List<Object> resources = new ArrayList<>();
      Map<String, String> versions = new TreeMap<>();
      for (XdsResource r : s.get(t).all()) {
        resources.add(JSON.readTree(printer.print(redacted(r.message()))));
        versions.put(r.name(), r.version());
      }
      out.put(t.name().toLowerCase(Locale.ROOT),
          Map.of("version", s.get(t).version(), "resourceVersions", versions, "resources", resources));
    }
    out.put("proxies", cp.tracker().view(key));
    String failure = cp.publisher().failures().get(key);
    if (failure != null) {
      out.put("notPublished", failure);
    }
    return json(out);
  }

  /** A Secret without its private key; other messages as they are. */
  private static Message redacted(Message m) {
    if (m instanceof Secret s && s.hasTlsCertificate()) {
      Secret.Builder b = s.toBuilder();
      b.getTlsCertificateBuilder().setPrivateKey(DataSource.newBuilder().setInlineString("[redacted]"));
      return b.build();
    }
    return m;
  }

  private ApiHttpServer.AdminResponse metrics() throws JsonProcessingException {
    Map<String, Object> m = new TreeMap<>();
    cp.meters().getMeters().forEach(meter -> {
      StringBuilder name = new StringBuilder(meter.getId().getName());
      meter.getId().getTags().forEach(t -> name.append(',').append(t.getKey()).append('=').append(t.getValue()));
      Map<String, Double> values = new TreeMap<>();
      meter.measure().forEach(ms -> values.put(ms.getStatistic().name().toLowerCase(Locale.ROOT), ms.getValue()));
      m.put(name.toString(), values);
    });
    return json(m);
  }

  /**
   * Prometheus HTTP service discovery ({@code http_sd_configs}): the whole list on every call, one
   * entry per sidecar, {@code []} when there is none. Each target is the sidecar's metrics listener;
   * {@code __metrics_path__} is {@code /metrics} (admin's {@code /stats/prometheus}) and the labels
   * name the task in ECS terms (observability.md B.5).
   */
  private ApiHttpServer.AdminResponse prometheusTargets() throws JsonProcessingException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (SidecarTarget t : cp.metricsTargets()) {
      Map<String, String> labels = new TreeMap<>();
      labels.put("__metrics_path__", "/metrics");
      labels.put("ecs_cluster", t.clusterName());
      labels.put("ecs_service", t.serviceName());
      labels.put("ecs_task_id", t.taskId());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("targets", List.of(t.host() + ":" + t.port()));
      entry.put("labels", labels);
      out.add(entry);
    }
    return json(out);
  }

  private static ApiHttpServer.AdminResponse json(Object o) throws JsonProcessingException {
    return ApiHttpServer.AdminResponse.json(200, JSON.writeValueAsString(o) + "\n");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
