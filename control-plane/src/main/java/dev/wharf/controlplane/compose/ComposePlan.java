package dev.wharf.controlplane.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.controlplane.local.ExampleFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a folder of ECS documents asks to run, read without a server: the AWS API calls in file
 * order ({@link ExampleFiles}), and for every {@code CreateService} the {@code desiredCount} tasks of
 * its task definition. Immutable; the same folder always gives the same plan (task ids and addresses
 * are derived, never random).
 *
 * @param source the folder's own name (named in the generated file's header; no path, so the output
 *     does not depend on where the folder is)
 * @param calls every call, in order, with its JSON document
 * @param tasks every task, services in file order, then task number 1..desiredCount
 */
public record ComposePlan(String source, List<Call> calls, List<TaskPlan> tasks) {

  /** The demo app's image name in task definitions; it runs as {@code wharf demo-app}. */
  public static final String DEMO_IMAGE = "wharf/demo-app";

  /** One AWS API call of the folder: AWS CLI service name, operation, JSON document (re-indented, two spaces). */
  public record Call(String service, String operation, String json) {}

  /**
   * One container of a task definition.
   *
   * @param name the container definition's {@code name}
   * @param image its {@code image}
   * @param ports its {@code portMappings[].containerPort}, in order
   * @param environment its {@code environment}, in order
   * @param entryPoint its {@code entryPoint}, or empty
   * @param command its {@code command}, or empty
   */
  public record ContainerPlan(
      String name,
      String image,
      List<Integer> ports,
      Map<String, String> environment,
      List<String> entryPoint,
      List<String> command) {}

  /**
   * One task to run.
   *
   * @param name the compose service name of the task's network-namespace container, {@code
   *     <service>-<n>} ({@code <cluster>-<service>-<n>} when two clusters share a service name)
   * @param cluster ECS cluster name
   * @param service ECS service name
   * @param number 1..desiredCount
   * @param taskId 32 hex digits, the first half of SHA-256("cluster/service/number"): AWS-shaped
   *     and stable, so a restarted container is the same task
   * @param serviceConnect whether the service enables Service Connect (a sidecar runs only then)
   * @param containers the task definition's containers
   */
  public record TaskPlan(
      String name,
      String cluster,
      String service,
      int number,
      String taskId,
      boolean serviceConnect,
      List<ContainerPlan> containers) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads {@code dir}.
   *
   * @throws IllegalArgumentException when a service names a task definition or cluster the folder
   *     does not define, or the folder has no calls
   */
  public static ComposePlan read(Path dir) throws IOException {
    List<Call> calls = new ArrayList<>();
    Map<String, List<JsonNode>> revisions = new HashMap<>();
    record Svc(String cluster, String name, String taskDefinition, int desired, boolean sc) {}
    Map<String, Svc> services = new LinkedHashMap<>();
    for (ExampleFiles.Call c : ExampleFiles.calls(dir)) {
      String text = Files.readString(c.file(), StandardCharsets.UTF_8);
      JsonNode doc = JSON.readTree(text);
      calls.add(new Call(c.service(), c.operation(),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc).replace("\r\n", "\n")));
      if (!c.service().equals("ecs")) {
        continue;
      }
      switch (c.operation()) {
        case "RegisterTaskDefinition" ->
            revisions.computeIfAbsent(doc.path("family").asText(), f -> new ArrayList<>()).add(doc);
        case "CreateService" -> {
          String cluster = clusterName(doc.path("cluster").asText("default"));
          String name = doc.path("serviceName").asText();
          services.put(cluster + "/" + name, new Svc(cluster, name, doc.path("taskDefinition").asText(),
              doc.path("desiredCount").asInt(0),
              doc.path("serviceConnectConfiguration").path("enabled").asBoolean(false)));
        }
        case "UpdateService" -> {
          String key = clusterName(doc.path("cluster").asText("default")) + "/" + doc.path("service").asText();
          Svc s = services.get(key);
          if (s != null) {
            services.put(key, new Svc(s.cluster(), s.name(),
                doc.path("taskDefinition").asText(s.taskDefinition()),
                doc.path("desiredCount").asInt(s.desired()),
                doc.has("serviceConnectConfiguration")
                    ? doc.path("serviceConnectConfiguration").path("enabled").asBoolean(false) : s.sc()));
          }
        }
        default -> { }
      }
    }
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("no ECS documents (NN-<service>-<Operation>.json) in " + dir);
    }
    Map<String, Integer> perName = new HashMap<>();
    services.values().forEach(s -> perName.merge(s.name(), 1, Integer::sum));
    List<TaskPlan> tasks = new ArrayList<>();
    for (Svc s : services.values()) {
      JsonNode td = taskDefinition(revisions, s.taskDefinition(), s.name());
      List<ContainerPlan> containers = containers(td);
      String prefix = perName.get(s.name()) > 1 ? s.cluster() + "-" : "";
      for (int n = 1; n <= s.desired(); n++) {
        tasks.add(new TaskPlan(prefix + s.name() + "-" + n, s.cluster(), s.name(), n,
            taskId(s.cluster() + "/" + s.name() + "/" + n), s.sc(), List.copyOf(containers)));
      }
    }
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return new ComposePlan(name == null ? "/" : name.toString(), List.copyOf(calls), List.copyOf(tasks));
  }

  /** The containers of a task definition document, with their ports, environment and commands. */
  private static List<ContainerPlan> containers(JsonNode td) {
    List<ContainerPlan> containers = new ArrayList<>();
    for (JsonNode c : td.path("containerDefinitions")) {
      List<Integer> ports = new ArrayList<>();
      c.path("portMappings").forEach(p -> ports.add(p.path("containerPort").asInt()));
      Map<String, String> env = new LinkedHashMap<>();
      c.path("environment").forEach(kv -> env.put(kv.path("name").asText(), kv.path("value").asText()));
      containers.add(new ContainerPlan(c.path("name").asText(), c.path("image").asText(), List.copyOf(ports),
          env, strings(c.path("entryPoint")), strings(c.path("command"))));
    }
    return containers;
  }

  /** The cluster name of a {@code cluster} member: a name or an ARN. */
  private static String clusterName(String nameOrArn) {
    return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
  }

  /** Resolves {@code family}, {@code family:revision} or a task definition ARN. */
  private static JsonNode taskDefinition(Map<String, List<JsonNode>> revisions, String ref, String service) {
    String familyRev = ref.substring(ref.lastIndexOf('/') + 1);
    int colon = familyRev.lastIndexOf(':');
    String family = colon < 0 ? familyRev : familyRev.substring(0, colon);
    List<JsonNode> revs = revisions.get(family);
    if (revs == null) {
      throw new IllegalArgumentException("service " + service + ": task definition " + ref
          + " is not registered by any RegisterTaskDefinition document");
    }
    if (colon < 0) {
      return revs.get(revs.size() - 1);
    }
    int rev = Integer.parseInt(familyRev.substring(colon + 1));
    if (rev < 1 || rev > revs.size()) {
      throw new IllegalArgumentException("service " + service + ": no revision " + rev + " of " + family);
    }
    return revs.get(rev - 1);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return List.copyOf(out);
  }

  private static String taskId(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
