package dev.wharf.tests.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.state.MeshState;
import dev.wharf.translator.TranslationResult;
import dev.wharf.translator.Translator;
import dev.wharf.translator.xds.ProxyResources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark's mesh, built directly as API records (no HTTP): one namespace, S services
 * {@code svc-0000 ...} each with one HTTP alias and 3 Cloud Map instances (its tasks), and client-only
 * tasks of a service {@code client} in the awsvpc layout (shared VIPs, so every client task is served
 * the same resources). {@link #withExtraTask} adds a fourth instance to {@code svc-0000}: the endpoint
 * change whose propagation the benchmark times.
 */
public final class BenchState {
  static final String ACCOUNT = "111122223333";
  static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:" + ACCOUNT + ":cluster/bench";
  static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private BenchState() {}

  /** The state with {@code s} services and {@code clients} client tasks. */
  public static MeshState build(int s, int clients) {
    Map<String, Namespace> ns = Map.of("ns-bench", JSON.convertValue(Map.of("Id", "ns-bench",
        "Arn", "arn:aws:servicediscovery:us-east-1:" + ACCOUNT + ":namespace/ns-bench", "Name", "bench",
        "Type", "HTTP"), Namespace.class));
    Map<String, DiscoveryService> ds = new TreeMap<>();
    Map<String, Instance> instances = new TreeMap<>();
    Map<String, EcsService> services = new TreeMap<>();
    Map<String, Integer> vips = new TreeMap<>();
    Map<String, TaskDefinition> tds = new TreeMap<>();
    tds.put(td("server", true).taskDefinitionArn(), td("server", true));
    tds.put(td("client", false).taskDefinitionArn(), td("client", false));
    for (int i = 0; i < s; i++) {
      String name = String.format("svc-%04d", i);
      String id = "srv-" + name;
      ds.put(id, JSON.convertValue(Map.of("Id", id, "Arn", "arn:aws:servicediscovery:us-east-1:" + ACCOUNT
          + ":service/" + id, "Name", name, "NamespaceId", "ns-bench", "Type", "HTTP"), DiscoveryService.class));
      for (int t = 1; t <= 3; t++) {
        Instance inst = instance(id, name, t);
        instances.put(MeshState.instanceKey(id, inst.id()), inst);
      }
      EcsService svc = service(name, "server", List.of(Map.of("portName", "http", "discoveryName", name,
          "clientAliases", List.of(Map.of("port", 80, "dnsName", name)))));
      services.put(svc.serviceArn(), svc);
      vips.put(MeshState.aliasKey("ns-bench", name, 80), i);
    }
    EcsService client = service("client", "client", List.of());
    services.put(client.serviceArn(), client);
    Map<String, Task> tasks = new TreeMap<>();
    for (int c = 0; c < clients; c++) {
      Task t = JSON.convertValue(Map.ofEntries(
          Map.entry("taskArn", "arn:aws:ecs:us-east-1:" + ACCOUNT + ":task/bench/client-" + c),
          Map.entry("clusterArn", CLUSTER_ARN),
          Map.entry("serviceArn", client.serviceArn()),
          Map.entry("deploymentId", "ecs-svc/client-1"),
          Map.entry("taskDefinitionArn", tdArn("client")),
          Map.entry("lastStatus", "RUNNING"),
          Map.entry("startedAt", 1700000100),
          Map.entry("layout", "awsvpc"),
          Map.entry("ingressIp", "10.1." + (c / 250) + "." + (c % 250 + 1)),
          Map.entry("appIp", "127.0.0.1"),
          Map.entry("availabilityZone", "use1-az1"),
          Map.entry("connected", true)), Task.class);
      tasks.put(t.taskArn(), t);
    }
    Cluster cl = JSON.convertValue(Map.of("clusterArn", CLUSTER_ARN, "clusterName", "bench", "status", "ACTIVE"),
        Cluster.class);
    Map<MeshState.Table<?>, Map<String, ?>> maps = new LinkedHashMap<>();
    maps.put(MeshState.NAMESPACES, ns);
    maps.put(MeshState.DISCOVERY_SERVICES, ds);
    maps.put(MeshState.INSTANCES, instances);
    maps.put(MeshState.CLUSTERS, Map.of(CLUSTER_ARN, cl));
    maps.put(MeshState.TASK_DEFINITIONS, tds);
    maps.put(MeshState.SERVICES, services);
    maps.put(MeshState.TASKS, tasks);
    maps.put(MeshState.ALIAS_VIPS, vips);
    return MeshState.loaded(0, maps);
  }

  /** {@code state} with a fourth task (instance) of {@code svc-0000}. */
  public static MeshState withExtraTask(MeshState state) {
    Instance extra = instance("srv-svc-0000", "svc-0000", 4);
    return state.put(MeshState.INSTANCES, MeshState.instanceKey("srv-svc-0000", extra.id()), extra);
  }

  /** The resources of the first client task: every client task is served exactly these. */
  public static ProxyResources clientGroup(MeshState state) {
    TranslationResult r = Translator.translateOnce(state);
    if (!r.problems().isEmpty()) {
      throw new IllegalStateException("bench state has problems: " + r.problems());
    }
    return r.groups().get("arn:aws:ecs:us-east-1:" + ACCOUNT + ":task/bench/client-0").flatten();
  }

  private static Instance instance(String serviceId, String name, int t) {
    return JSON.convertValue(Map.of("Id", name + "-" + t, "ServiceId", serviceId, "Attributes", Map.of(
        "AWS_INSTANCE_IPV4", "10.0." + (Math.abs(name.hashCode()) % 250) + "." + t,
        "AWS_INSTANCE_PORT", "8080", "ECS_CLUSTER_NAME", "bench", "ECS_SERVICE_NAME", name,
        "AVAILABILITY_ZONE", "use1-az1")), Instance.class);
  }

  private static String tdArn(String family) {
    return "arn:aws:ecs:us-east-1:" + ACCOUNT + ":task-definition/" + family + ":1";
  }

  private static TaskDefinition td(String family, boolean withPort) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "app");
    container.put("image", "wharf/demo");
    container.put("essential", true);
    container.put("portMappings", withPort ? List.of(Map.of("name", "http", "containerPort", 8080,
        "protocol", "tcp", "appProtocol", "http")) : List.of());
    return JSON.convertValue(Map.of("taskDefinitionArn", tdArn(family), "family", family, "revision", 1,
        "status", "ACTIVE", "networkMode", "awsvpc", "memory", "512", "containerDefinitions", List.of(container)),
        TaskDefinition.class);
  }

  private static EcsService service(String name, String family, List<Object> scServices) {
    Map<String, Object> sc = new LinkedHashMap<>();
    sc.put("enabled", true);
    sc.put("namespace", "bench");
    if (!scServices.isEmpty()) {
      sc.put("services", scServices);
    }
    return JSON.convertValue(Map.of(
        "serviceArn", "arn:aws:ecs:us-east-1:" + ACCOUNT + ":service/bench/" + name,
        "serviceName", name, "clusterArn", CLUSTER_ARN, "status", "ACTIVE", "desiredCount", 3,
        "launchType", "FARGATE", "taskDefinition", tdArn(family),
        "deployments", List.of(Map.of("id", "ecs-svc/" + name + "-1", "status", "PRIMARY",
            "taskDefinition", tdArn(family), "createdAt", 1700000000, "rolloutState", "COMPLETED",
            "serviceConnectConfiguration", sc)),
        "createdAt", 1700000000), EcsService.class);
  }
}
