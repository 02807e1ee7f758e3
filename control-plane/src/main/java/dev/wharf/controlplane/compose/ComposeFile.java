package dev.wharf.controlplane.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.wharf.bootstrap.BootstrapBuilder;
import dev.wharf.bootstrap.Layout;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Renders a {@link ComposePlan} as a {@code docker-compose.yml} (file format 2.4, read by
 * docker-compose 1.29 and by compose v2) in the awsvpc layout (DESIGN.md "Network layouts",
 * spec 25-34). Pure: the same plan and options always give the same bytes.
 *
 * <p>Per task {@code T} (spec 25-30):
 *
 * <ul>
 *   <li>{@code T}: the task's network namespace (ECS's pause container) with the task address on
 *       the compose network. It runs the hosts agent {@code task-hosts}, which writes the task's
 *       aliases (alias {@code dnsName} → VIP in 127.255.0.0/16, from {@code /wharf/hosts/<task id>})
 *       into the {@code /etc/hosts} that the task's containers share, and keeps it current (spec 25;
 *       live aliases, spec 26's improvement). Healthy once the first hosts file is written.
 *   <li>{@code T-bootstrap}: a one-shot {@code wharf bootstrap --endpoint} that obtains the task's
 *       sidecar credential (and the ADS CA: the control plane listens beyond loopback, so ADS is
 *       TLS) from the control plane and writes the bootstrap ({@link BootstrapBuilder}: node id the
 *       task ARN, layout awsvpc, ingress IP the task address, app IP 127.0.0.1, admin
 *       127.0.0.1:9901, ADS to the control plane, state of the world, {@code initial_fetch_timeout:
 *       0s}, spec 62) to the volume {@value #BOOTSTRAPS}.
 *   <li>{@code T-envoy}: stock Envoy in {@code T}'s namespace, started with that bootstrap once it is
 *       written. Its ingress listener binds the task address on
 *       {@code containerPort} (or {@code ingressPortOverride}, spec 28-30); its egress listeners bind
 *       the VIPs (spec 27).
 *   <li>{@code T-<container>}: each container of the task definition, in {@code T}'s namespace,
 *       started once {@code T} is healthy (aliases resolvable before the app starts, as on AWS). The
 *       demo image {@code wharf/demo-app} runs as {@code wharf demo-app} listening on
 *       127.0.0.1:{@code containerPort}.
 * </ul>
 *
 * <p>Plus {@code wharf} (the control plane, state on the volume {@code wharf-state}) and
 * {@code wharf-apply} (sends the folder's documents through the AWS API once). Images are variables:
 * {@code WHARF_IMAGE} (default {@value #WHARF_IMAGE}) and {@code WHARF_ENVOY_IMAGE} (default
 * {@code envoyproxy/envoy:v<pinned>}); {@code WHARF_API_BIND} is where the AWS API is published
 * (default {@code 127.0.0.1:7878}).
 */
public final class ComposeFile {
  /** The default Wharf image (build it with {@code ./wharf images}). */
  public static final String WHARF_IMAGE = "wharf/wharf";

  /** ADS and API ports of the control plane container. */
  public static final int XDS_PORT = 18000;

  /** The AWS API port of the control plane container. */
  public static final int API_PORT = 7878;

  /** The volume where each task's bootstrap container leaves the bootstrap its Envoy reads. */
  static final String BOOTSTRAPS = "wharf-bootstraps";

  private static final Pattern PREFIX = Pattern.compile(
      "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  /**
   * How to render.
   *
   * @param subnetPrefix the first two octets of the compose network, a /16 (default {@code 10.77}):
   *     control plane {@code .0.2}, task i (0-based) {@code .(1+i/254).(1+i%254)}, other containers
   *     from {@code .255.0/24}
   * @param region AWS region of the task ARNs (the server's default, {@code us-east-1})
   * @param account AWS account of the task ARNs ({@code 000000000000} for unsigned calls)
   * @param envoyVersion the pinned Envoy version, for the default Envoy image
   * @param externalWharf null to run a control plane in the stack; else the host (name or IP, as
   *     seen from containers) of an existing Wharf, whose API port is {@link #API_PORT} and ADS port
   *     {@link #XDS_PORT}
   */
  public record Options(String subnetPrefix, String region, String account, String envoyVersion,
      String externalWharf) {
    /** Validates the prefix. */
    public Options {
      if (!PREFIX.matcher(subnetPrefix).matches()) {
        throw new IllegalArgumentException("subnet prefix must be two octets like 10.77, got " + subnetPrefix);
      }
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(envoyVersion, "envoyVersion");
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build());

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ComposeFile() {}

  /** The control plane's address on the compose network. */
  public static String wharfIp(Options o) {
    return o.subnetPrefix() + ".0.2";
  }

  /** The address of the i-th task (0-based) on the compose network. */
  public static String taskIp(Options o, int i) {
    if (i >= 254 * 254) {
      throw new IllegalArgumentException("more than " + (254 * 254) + " tasks");
    }
    return o.subnetPrefix() + "." + (1 + i / 254) + "." + (1 + i % 254);
  }

  /** Renders the compose file. */
  public static String render(ComposePlan plan, Options o) {
    Images images = new Images(
        "${WHARF_IMAGE:-" + WHARF_IMAGE + "}", "${WHARF_ENVOY_IMAGE:-envoyproxy/envoy:v" + o.envoyVersion() + "}");
    String wharfHost = o.externalWharf() == null ? wharfIp(o) : o.externalWharf();
    String api = "http://" + wharfHost + ":" + API_PORT;

    ObjectNode root = NODES.objectNode();
    root.put("version", "2.4");
    ObjectNode services = root.putObject("services");
    if (o.externalWharf() == null) {
      controlPlane(services.putObject("wharf"), images, o);
    }
    applyCalls(services.putObject("wharf-apply"), plan, images, api, o);
    for (int i = 0; i < plan.tasks().size(); i++) {
      ComposePlan.TaskPlan t = plan.tasks().get(i);
      String ip = taskIp(o, i);
      taskNamespace(services.putObject(t.name()), t, images, api, ip);
      if (t.serviceConnect()) {
        sidecar(services, t, images, api, wharfHost, ip, o);
      }
      for (ComposePlan.ContainerPlan c : t.containers()) {
        container(services.putObject(t.name() + "-" + c.name()), t, c, images);
      }
    }
    networksAndVolumes(root, plan, o);
    return header(plan, o) + yaml(root);
  }

  /** The images a compose file names, as compose variables with Wharf's defaults. */
  private record Images(String wharf, String envoy) {}

  private static void controlPlane(ObjectNode cp, Images images, Options o) {
    cp.put("image", images.wharf());
    strings(cp.putArray("command"), "server", "--host", "0.0.0.0", "--data-dir", "/var/lib/wharf");
    strings(cp.putArray("ports"), "${WHARF_API_BIND:-127.0.0.1:" + API_PORT + "}:" + API_PORT);
    strings(cp.putArray("volumes"), "wharf-state:/var/lib/wharf");
    cp.putObject("networks").putObject("wharf").put("ipv4_address", wharfIp(o));
    healthcheck(cp, "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:" + API_PORT + "/wharf/health");
  }

  private static void applyCalls(ObjectNode apply, ComposePlan plan, Images images, String api, Options o) {
    apply.put("image", images.wharf());
    ArrayNode applyCmd = strings(apply.putArray("command"), "apply", "--endpoint", api, "--");
    for (ComposePlan.Call c : plan.calls()) {
      applyCmd.add(c.service() + " " + c.operation() + "\n" + escape(c.json()));
    }
    apply.putArray("networks").add("wharf");
    if (o.externalWharf() == null) {
      apply.putObject("depends_on").putObject("wharf").put("condition", "service_healthy");
    }
  }

  /** The container that holds a task's network namespace (and, with Service Connect, its hosts file). */
  private static void taskNamespace(ObjectNode ns, ComposePlan.TaskPlan t, Images images, String api, String ip) {
    ns.put("image", images.wharf());
    ns.put("hostname", t.name());
    ObjectNode labels = ns.putObject("labels");
    labels.put("dev.wharf.cluster", t.cluster());
    labels.put("dev.wharf.service", t.service());
    labels.put("dev.wharf.task", t.taskId());
    if (t.serviceConnect()) {
      strings(ns.putArray("entrypoint"), "/usr/local/bin/task-hosts", api, t.taskId());
      healthcheck(ns, "test", "-f", "/tmp/wharf-hosts-ready");
    } else {
      strings(ns.putArray("entrypoint"), "sh", "-c", "trap 'exit 0' TERM; sleep infinity & wait");
    }
    ns.putObject("networks").putObject("wharf").put("ipv4_address", ip);
    ns.putObject("depends_on").putObject("wharf-apply").put("condition", "service_completed_successfully");
  }

  /** A task's Envoy and the one-shot container that writes its bootstrap. */
  private static void sidecar(ObjectNode services, ComposePlan.TaskPlan t, Images images, String api,
      String wharfHost, String ip, Options o) {
    ObjectNode envoy = services.putObject(t.name() + "-envoy");
    envoy.put("image", images.envoy());
    envoy.put("network_mode", "service:" + t.name());
    strings(envoy.putArray("entrypoint"), "/usr/local/bin/envoy");
    // The bootstrap carries the task's sidecar credential and the ADS CA, so it is made at start by a
    // one-shot container that asks the control plane for them (README "Security"), into a volume.
    String file = "/bootstraps/" + t.name() + ".yaml";
    ObjectNode boot = services.putObject(t.name() + "-bootstrap");
    boot.put("image", images.wharf());
    strings(boot.putArray("command"), "bootstrap", "--endpoint", api, "--region", o.region(), "--account",
        o.account(), "--cluster", t.cluster(), "--service", t.service(), "--task-id", t.taskId(), "--layout",
        Layout.AWSVPC.wireName(), "--ingress-ip", ip, "--app-ip", "127.0.0.1", "--admin-ip", "127.0.0.1",
        "--xds-host", wharfHost, "--xds-port", String.valueOf(XDS_PORT), "--output", file);
    strings(boot.putArray("volumes"), BOOTSTRAPS + ":/bootstraps");
    boot.putArray("networks").add("wharf");
    if (o.externalWharf() == null) {
      boot.putObject("depends_on").putObject("wharf").put("condition", "service_healthy");
    }
    // Envoy flags as for every Wharf sidecar (DESIGN.md Principles): one worker; no shared
    // memory for hot restart; 20 s drain as Service Connect's agent.
    strings(envoy.putArray("command"), "-c", file, "--concurrency", "1", "--disable-hot-restart",
        "--drain-time-s", "20");
    strings(envoy.putArray("volumes"), BOOTSTRAPS + ":/bootstraps:ro");
    ObjectNode after = envoy.putObject("depends_on");
    after.putObject(t.name()).put("condition", "service_started");
    after.putObject(t.name() + "-bootstrap").put("condition", "service_completed_successfully");
  }

  /** One container of the task definition, in the task's network namespace. */
  private static void container(ObjectNode app, ComposePlan.TaskPlan t, ComposePlan.ContainerPlan c, Images images) {
    boolean demo = c.image().equals(ComposePlan.DEMO_IMAGE);
    app.put("image", demo ? images.wharf() : escape(c.image()));
    app.put("network_mode", "service:" + t.name());
    if (!c.entryPoint().isEmpty()) {
      c.entryPoint().forEach(s -> app.withArray("entrypoint").add(escape(s)));
    }
    if (demo) {
      strings(app.putArray("command"), "demo-app");
    } else if (!c.command().isEmpty()) {
      c.command().forEach(s -> app.withArray("command").add(escape(s)));
    }
    ObjectNode env = app.putObject("environment");
    for (Map.Entry<String, String> e : c.environment().entrySet()) {
      env.put(e.getKey(), escape(e.getValue()));
    }
    if (demo) {
      env.put("WHARF_SERVICE", t.service());
      env.put("WHARF_TASK_ID", t.taskId());
      // awsvpc: the app listens on 127.0.0.1:containerPort; the ingress listener holds the task
      // address on the same port (DESIGN.md "Network layouts").
      env.put("APP_ADDR", "127.0.0.1");
      if (!c.ports().isEmpty()) {
        env.put("APP_PORT", String.valueOf(c.ports().get(0)));
      }
      env.put("JAVA_TOOL_OPTIONS", "-Xmx64m");
    }
    if (env.isEmpty()) {
      app.remove("environment");
    }
    app.putObject("depends_on").putObject(t.name())
        .put("condition", t.serviceConnect() ? "service_healthy" : "service_started");
  }

  private static void networksAndVolumes(ObjectNode root, ComposePlan plan, Options o) {
    ObjectNode net = root.putObject("networks").putObject("wharf");
    ObjectNode ipam = net.putObject("ipam").putArray("config").addObject();
    ipam.put("subnet", o.subnetPrefix() + ".0.0/16");
    ipam.put("ip_range", o.subnetPrefix() + ".255.0/24");
    ObjectNode volumes = root.putObject("volumes");
    if (o.externalWharf() == null) {
      volumes.putObject("wharf-state");
    }
    if (plan.tasks().stream().anyMatch(ComposePlan.TaskPlan::serviceConnect)) {
      volumes.putObject(BOOTSTRAPS);
    }
    if (volumes.isEmpty()) {
      root.remove("volumes");
    }
  }

  private static String header(ComposePlan plan, Options o) {
    return "# Generated by `wharf compose` from the ECS documents in " + plan.source()
        + "/: regenerate rather than edit.\n"
        + "# Layout: awsvpc (DESIGN.md \"Network layouts\"); compose/README.md explains each service.\n"
        + "#   docker compose -p NAME -f THIS_FILE up -d      (or docker-compose 1.29 with the same flags)\n"
        + "# Variables: WHARF_IMAGE (default " + WHARF_IMAGE + "), WHARF_ENVOY_IMAGE (default envoyproxy/envoy:v"
        + o.envoyVersion() + "),\n"
        + "#   WHARF_API_BIND (where the AWS API is published, default 127.0.0.1:" + API_PORT + ").\n";
  }

  private static String yaml(ObjectNode root) {
    try {
      String s = YAML.writeValueAsString(root).replace("\r\n", "\n");
      return s.endsWith("\n") ? s : s + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render compose YAML", e);
    }
  }

  private static void healthcheck(ObjectNode service, String... test) {
    ObjectNode hc = service.putObject("healthcheck");
    ArrayNode t = hc.putArray("test").add("CMD");
    for (String s : test) {
      t.add(s);
    }
    hc.put("interval", "1s");
    hc.put("timeout", "3s");
    hc.put("retries", 120);
  }

  private static ArrayNode strings(ArrayNode array, String... values) {
    for (String v : values) {
      array.add(v);
    }
    return array;
  }

  /** Compose interpolates {@code $}; user text keeps its dollars as {@code $$}. */
  static String escape(String s) {
    return s.replace("$", "$$");
  }
}
