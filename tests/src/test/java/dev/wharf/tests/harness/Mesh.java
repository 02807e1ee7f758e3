package dev.wharf.tests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.controlplane.ControlPlane;
import dev.wharf.controlplane.ControlPlaneConfig;
import dev.wharf.controlplane.local.AwsApiClient;
import dev.wharf.controlplane.local.LocalTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * A whole Wharf on loopback for one test: a control plane (real store on disk, real ports) and
 * tasks made of an {@link EchoApp} and a real Envoy sidecar. Set-up goes through the real AWS JSON
 * 1.1 API over HTTP. Close it to stop everything.
 *
 * <p>The secure path is the tested path: the control plane requires sidecar credentials and serves
 * ADS over TLS even on loopback ({@link #SECURE}); each sidecar's bootstrap carries the credential
 * and CA it got from the credential endpoint, as {@code wharf bootstrap --endpoint} does.
 */
public final class Mesh implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  /** Sidecar credentials required and ADS over TLS, whatever the address. */
  public static final ControlPlaneConfig.Security SECURE = new ControlPlaneConfig.Security(
      ControlPlaneConfig.When.ALWAYS, ControlPlaneConfig.When.ALWAYS, null);

  private final Path dir;
  private volatile ControlPlane cp;
  private final AwsApiClient api;
  private final List<Task> tasks = new ArrayList<>();

  private Mesh(Path dir, ControlPlane cp) {
    this.dir = dir;
    this.cp = cp;
    this.api = new AwsApiClient(URI.create("http://127.0.0.1:" + cp.apiPort() + "/"));
  }

  /** A mesh with the default configuration on free ports. */
  public static Mesh start() {
    return start(c -> c);
  }

  /** A mesh whose configuration {@code tweak} adjusts. */
  public static Mesh start(UnaryOperator<ControlPlaneConfig> tweak) {
    try {
      Path dir = Files.createTempDirectory("wharf-mesh-");
      ControlPlaneConfig config = tweak.apply(ControlPlaneConfig.defaults(dir.resolve("data")).withEphemeralPorts()
          .withSecurity(SECURE));
      return new Mesh(dir, ControlPlane.start(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops the control plane (as a crash or an upgrade would: sidecars stay up) and starts a new one
   * on the same ports and data directory, with {@code tweak} applied to its configuration;
   * {@code whileDown} runs in between.
   */
  public ControlPlane restartControlPlane(UnaryOperator<ControlPlaneConfig> tweak, Runnable whileDown) {
    ControlPlaneConfig old = cp.config();
    int api = cp.apiPort();
    int xds = cp.xdsPort();
    cp.close();
    whileDown.run();
    cp = ControlPlane.start(tweak.apply(old.withPorts(api, xds)));
    return cp;
  }

  public ControlPlane controlPlane() {
    return cp;
  }

  public AwsApiClient api() {
    return api;
  }

  /** Calls an operation with {@code input} (maps and lists) as JSON; fails the test on an AWS error. */
  public JsonNode call(String service, String operation, Object input) {
    try {
      AwsApiClient.Reply r = api.call(service, operation, JSON.writeValueAsString(input));
      if (!r.ok()) {
        throw new AssertionError(service + " " + operation + " failed: " + r.status() + " " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Creates an HTTP namespace and returns its id. */
  public String namespace(String name) {
    call("servicediscovery", "CreateHttpNamespace", Map.of("Name", name));
    for (JsonNode ns : call("servicediscovery", "ListNamespaces", Map.of()).path("Namespaces")) {
      if (ns.path("Name").asText().equals(name)) {
        return ns.path("Id").asText();
      }
    }
    throw new AssertionError("namespace " + name + " not listed after creation");
  }

  public void cluster(String name) {
    call("ecs", "CreateCluster", Map.of("clusterName", name));
  }

  /** Registers a one-container task definition with one named port mapping (or none if port is 0). */
  public void taskDefinition(String family, String portName, int containerPort, String appProtocol) {
    Map<String, Object> pm = new LinkedHashMap<>();
    pm.put("name", portName);
    pm.put("containerPort", containerPort);
    pm.put("protocol", "tcp");
    if (appProtocol != null) {
      pm.put("appProtocol", appProtocol);
    }
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "app");
    container.put("image", "wharf/demo-app");
    container.put("essential", true);
    container.put("portMappings", containerPort == 0 ? List.of() : List.of(pm));
    call("ecs", "RegisterTaskDefinition", Map.of("family", family, "networkMode", "awsvpc", "cpu", "256",
        "memory", "512", "containerDefinitions", List.of(container)));
  }

  /**
   * The {@code networkConfiguration} CreateService needs for the awsvpc task definitions of
   * {@link #taskDefinition} (ECS requires it; Wharf stores it and places no task in the subnet).
   */
  public static final Map<String, Object> NETWORK =
      Map.of("awsvpcConfiguration", Map.of("subnets", List.of("subnet-0a1b2c3d4e5f60001")));

  /** Creates a service with the given serviceConnectConfiguration. */
  public JsonNode service(String cluster, String name, String family, int desired, Object serviceConnect) {
    return call("ecs", "CreateService", Map.of("cluster", cluster, "serviceName", name, "taskDefinition", family,
        "desiredCount", desired, "networkConfiguration", NETWORK, "serviceConnectConfiguration", serviceConnect));
  }

  /** A running task: its app and its sidecar. */
  public record Task(LocalTask local, EchoApp app) {
    public String id() {
      return local.spec().taskId();
    }

    /** The VIP this task's hosts file gives {@code name}, or null. */
    public String resolve(String name) {
      try {
        for (String line : Files.readAllLines(local.hostsFile())) {
          String[] f = line.trim().split("\\s+");
          if (f.length >= 2 && f[1].equals(name)) {
            return f[0];
          }
        }
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** {@code GET} on the sidecar's admin interface. */
    public String admin(String path) {
      return local.sidecar().adminGet(path);
    }
  }

  /**
   * Starts a task of {@code cluster/service} in slot (a, b) whose app listens on {@code appPort},
   * and waits until its Envoy is LIVE.
   */
  public Task task(String cluster, String service, int a, int b, int appPort) {
    return launch(cluster, service, a, b, appPort, null, true, false);
  }

  /** As {@link #task}, with a sidecar speaking incremental (delta) ADS. */
  public Task deltaTask(String cluster, String service, int a, int b, int appPort) {
    return launch(cluster, service, a, b, appPort, null, true, true);
  }

  /**
   * Starts a task of {@code cluster/service} in slot (a, b) whose app {@code starter} starts (for
   * example a {@link GrpcEcho}); the returned task has no {@link EchoApp}. Waits until Envoy is LIVE.
   */
  public Task taskWith(String cluster, String service, int a, int b, LocalTask.AppStarter starter) {
    return launch(cluster, service, a, b, 0, starter, true, false);
  }

  /**
   * Starts a task's sidecar and app like {@link #task} but does not wait for Envoy to become LIVE
   * (for tasks the control plane is expected to give no configuration).
   */
  public Task taskNotAwaited(String cluster, String service, int a, int b, int appPort) {
    return launch(cluster, service, a, b, appPort, null, false, false);
  }

  /** Starts the app ({@code starter}, else an EchoApp on {@code appPort} unless 0) and the sidecar. */
  private Task launch(String cluster, String service, int a, int b, int appPort, LocalTask.AppStarter starter,
      boolean awaitLive, boolean deltaAds) {
    String id = HexFormat.of().formatHex(randomBytes());
    LocalTask.Spec spec = new LocalTask.Spec("us-east-1", "000000000000", cluster, service, id, a, b);
    EchoApp[] app = new EchoApp[1];
    LocalTask.AppStarter echo = (sp, hosts) -> {
      app[0] = appPort == 0 ? null : EchoApp.start(id, sp.appIp(), appPort);
      return app[0] == null ? () -> { } : app[0];
    };
    try {
      LocalTask local = LocalTask.start(spec, URI.create("http://127.0.0.1:" + cp.apiPort() + "/"), "127.0.0.1",
          cp.xdsPort(), deltaAds, dir.resolve("tasks").resolve(id), starter != null ? starter : echo);
      Task t = new Task(local, app[0]);
      tasks.add(t);
      if (awaitLive) {
        local.awaitReady(Duration.ofSeconds(20));
      }
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Calls an operation and returns the raw reply, error or not (for tests of API errors). */
  public AwsApiClient.Reply callRaw(String service, String operation, Object input) {
    try {
      return api.call(service, operation, JSON.writeValueAsString(input));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The id of the Cloud Map service {@code name} in namespace {@code namespaceId}. */
  public String cloudMapService(String namespaceId, String name) {
    for (JsonNode srv : call("servicediscovery", "ListServices", Map.of()).path("Services")) {
      if (srv.path("Name").asText().equals(name) && srv.path("NamespaceId").asText().equals(namespaceId)) {
        return srv.path("Id").asText();
      }
    }
    throw new AssertionError("no Cloud Map service " + name + " in " + namespaceId);
  }

  /**
   * The id of the Cloud Map service behind {@code discoveryName} of ECS service {@code cluster/service},
   * from its PRIMARY deployment's {@code serviceConnectResources} (spec 17).
   */
  public String discoveryServiceId(String cluster, String service, String discoveryName) {
    JsonNode svc = call("ecs", "DescribeServices", Map.of("cluster", cluster, "services", List.of(service)))
        .path("services").path(0);
    for (JsonNode d : svc.path("deployments")) {
      for (JsonNode r : d.path("serviceConnectResources")) {
        if (r.path("discoveryName").asText().equals(discoveryName)) {
          String arn = r.path("discoveryArn").asText();
          return arn.substring(arn.lastIndexOf('/') + 1);
        }
      }
    }
    throw new AssertionError("no serviceConnectResources for " + discoveryName + " in " + svc);
  }

  /**
   * Registers a Cloud Map instance at {@code ip:port} by hand (an endpoint with no task behind it), and
   * waits for the asynchronous operation (spec 20) to succeed.
   */
  public void registerInstance(String serviceId, String instanceId, String ip, int port) {
    awaitOperation(call("servicediscovery", "RegisterInstance", Map.of("ServiceId", serviceId, "InstanceId", instanceId,
        "Attributes", Map.of("AWS_INSTANCE_IPV4", ip, "AWS_INSTANCE_PORT", String.valueOf(port)))));
  }

  /** Deregisters a Cloud Map instance and waits for the operation to succeed. */
  public void deregisterInstance(String serviceId, String instanceId) {
    awaitOperation(call("servicediscovery", "DeregisterInstance",
        Map.of("ServiceId", serviceId, "InstanceId", instanceId)));
  }

  private void awaitOperation(JsonNode reply) {
    String id = reply.path("OperationId").asText();
    Await.until(Duration.ofSeconds(10), "Cloud Map operation " + id + " succeeds", () -> {
      String status = call("servicediscovery", "GetOperation", Map.of("OperationId", id))
          .path("Operation").path("Status").asText();
      if (status.equals("FAIL")) {
        throw new AssertionError("Cloud Map operation " + id + " failed");
      }
      return status.equals("SUCCESS");
    });
  }

  /** The ECS task record of a running task, as the control plane holds it. */
  // qualified: two types named Task are used here
  public dev.wharf.api.model.ecs.Task ecsTask(Task t) {
    return cp.store().current().tasks().values().stream()
        .filter(x -> x.taskId().equals(t.id())).findFirst().orElse(null);
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    for (Task t : tasks) {
      try {
        t.local().kill();
      } catch (RuntimeException e) {
        // keep closing the rest
      }
    }
    cp.close();
  }
}
