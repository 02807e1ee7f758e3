package dev.wharf.api.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.arn.Arns;
import dev.wharf.api.cloudmap.CloudMapState;
import dev.wharf.api.ecs.EcsShapes.ListTaskDefinitionFamiliesRequest;
import dev.wharf.api.ecs.EcsShapes.ListTaskDefinitionFamiliesResponse;
import dev.wharf.api.ecs.EcsShapes.ListTaskDefinitionsRequest;
import dev.wharf.api.ecs.EcsShapes.ListTaskDefinitionsResponse;
import dev.wharf.api.ecs.EcsShapes.RegisterTaskDefinitionRequest;
import dev.wharf.api.ecs.EcsShapes.TaskDefinitionRequest;
import dev.wharf.api.ecs.EcsShapes.TaskDefinitionResponse;
import dev.wharf.api.json.WharfJson;
import dev.wharf.api.model.ecs.ContainerDefinition;
import dev.wharf.api.model.ecs.PortMapping;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.protocol.Caller;
import dev.wharf.api.protocol.Pages;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.EcsReferences;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import dev.wharf.api.state.StateStore.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ECS task definition operations: RegisterTaskDefinition, DescribeTaskDefinition,
 * ListTaskDefinitions, ListTaskDefinitionFamilies, DeregisterTaskDefinition. Port mappings keep
 * {@code name} and {@code appProtocol} (spec 4.12) and are validated (spec 2, 42). Revisions count up
 * per family and are never reused; a deregistered revision stays describable as INACTIVE.
 * {@code networkMode} defaults to {@code bridge}, as on EC2.
 */
final class TaskDefinitionOperations {
  /** ECS's limit on the size of a task definition. */
  static final int MAX_BYTES = 64 * 1024;
  static final Pattern PORT_NAME = Pattern.compile("^[a-z0-9_][a-z0-9_-]{0,63}$");
  static final Pattern MEMORY = Pattern.compile("^\\d+$|^\\d+(\\.\\d+)?\\s*(?i:gb)$");
  static final Pattern CPU = Pattern.compile("^\\d+$|^\\d+(\\.\\d+)?\\s*(?i:vcpu)$");
  private static final Pages.Spec PAGES = new Pages.Spec("nextToken", "maxResults", 100, 100);

  private final StateStore store;

  TaskDefinitionOperations(StateStore store) {
    this.store = store;
  }

  Object register(RequestContext ctx, ObjectNode input) {
    int size = size(input);
    if (size > MAX_BYTES) {
      throw EcsErrors.client("Actual length: '" + size + "'. Max allowed length is '" + MAX_BYTES + "' bytes.");
    }
    RegisterTaskDefinitionRequest req = ctx.read(input, RegisterTaskDefinitionRequest.class);
    validate(ctx, req);
    Map<String, String> tags = EcsRules.tags(ctx, req.tags());
    String mode = req.networkMode() == null ? "bridge" : req.networkMode();
    return store.apply(s -> {
      int revision = latestRevision(s, ctx.caller(), req.family()) + 1;
      String arn = Arns.taskDefinition(ctx.region(), ctx.account(), req.family(), revision);
      TaskDefinition td = new TaskDefinition(arn, req.family(), revision, TaskDefinition.ACTIVE, mode, req.cpu(),
          req.memory(), req.containerDefinitions(), req.requiresCompatibilities(), ctx.now(), null);
      MeshState next = s.put(MeshState.TASK_DEFINITIONS, arn, td);
      next = CloudMapState.setTags(next, arn, tags);
      return new Outcome<>(next, new TaskDefinitionResponse(td, EcsViews.tags(next, arn)));
    });
  }

  private static int size(ObjectNode input) {
    try {
      return WharfJson.wire().writeValueAsBytes(input).length;
    } catch (JsonProcessingException e) {
      return 0;
    }
  }

  private static void validate(RequestContext ctx, RegisterTaskDefinitionRequest req) {
    Rules.required(ctx, req.family(), "family");
    EcsRules.name(ctx, req.family(), "family");
    Rules.oneOf(ctx, req.networkMode(), "networkMode", Set.of("bridge", "host", "awsvpc", "none"));
    Rules.pattern(ctx, req.memory(), "memory", MEMORY, "MiB as an integer, or GB such as 1 GB");
    Rules.pattern(ctx, req.cpu(), "cpu", CPU, "CPU units as an integer, or vCPU such as 1 vCPU");
    if (req.requiresCompatibilities() != null) {
      for (String c : req.requiresCompatibilities()) {
        Rules.oneOf(ctx, c, "requiresCompatibilities", Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"));
      }
      if (req.requiresCompatibilities().contains("FARGATE")) {
        if (!"awsvpc".equals(req.networkMode())) {
          throw EcsErrors.client("Fargate only supports network mode 'awsvpc'.");
        }
        if (req.cpu() == null || req.memory() == null) {
          throw EcsErrors.client("Fargate requires that 'cpu' and 'memory' be defined at the task level.");
        }
      }
    }
    if (req.containerDefinitions() == null || req.containerDefinitions().isEmpty()) {
      throw ctx.invalid("containerDefinitions is required and must not be empty.");
    }
    Set<String> containers = new HashSet<>();
    Set<String> portNames = new HashSet<>();
    for (ContainerDefinition c : req.containerDefinitions()) {
      if (c == null || c.name() == null || c.name().isEmpty()) {
        throw EcsErrors.client("Container.name should not be null or empty.");
      }
      EcsRules.name(ctx, c.name(), "containerDefinitions[].name");
      if (c.image() == null || c.image().isEmpty()) {
        throw EcsErrors.client("Container.image should not be null or empty.");
      }
      Rules.length(ctx, c.image(), "containerDefinitions[].image", 1, 1024);
      if (!containers.add(c.name())) {
        throw ctx.invalid("Container names must be unique within a task definition: " + c.name());
      }
      for (PortMapping p : c.portMappings()) {
        portMapping(ctx, req.networkMode(), p, portNames);
      }
    }
  }

  private static void portMapping(RequestContext ctx, String mode, PortMapping p, Set<String> names) {
    Rules.required(ctx, p, "portMappings[]");
    Rules.required(ctx, p.containerPort(), "portMappings[].containerPort");
    Rules.range(ctx, p.containerPort(), "portMappings[].containerPort", 1, 65535);
    Rules.range(ctx, p.hostPort(), "portMappings[].hostPort", 0, 65535);
    Rules.oneOf(ctx, p.protocol(), "portMappings[].protocol", Set.of("tcp", "udp"));
    Rules.oneOf(ctx, p.appProtocol(), "portMappings[].appProtocol", Set.of("http", "http2", "grpc"));
    Rules.pattern(ctx, p.name(), "portMappings[].name", PORT_NAME,
        "up to 64 lowercase letters, numbers, underscores and hyphens, not starting with a hyphen");
    if (p.name() != null && !names.add(p.name())) {
      throw ctx.invalid("Port mapping names must be unique within a task definition: " + p.name());
    }
    if (p.appProtocol() != null && "udp".equals(p.protocol())) {
      throw ctx.invalid("appProtocol can only be set on tcp port mappings: " + p.name());
    }
    if ("awsvpc".equals(mode) && p.hostPort() != null && p.hostPort() != 0
        && !p.hostPort().equals(p.containerPort())) {
      throw ctx.invalid("When networkMode=awsvpc, the host ports and container ports in port mappings must match.");
    }
  }

  private static int latestRevision(MeshState s, Caller caller, String family) {
    return s.taskDefinitions().values().stream()
        .filter(td -> td.family().equals(family) && CloudMapState.inScope(td.taskDefinitionArn(), caller))
        .mapToInt(TaskDefinition::revision).max().orElse(0);
  }

  /**
   * Resolves {@code family}, {@code family:revision} or an ARN. A bare family means its latest ACTIVE
   * revision. Returns null when there is no such task definition.
   */
  static TaskDefinition resolve(MeshState s, Caller caller, String ref) {
    return EcsReferences.taskDefinition(s, caller.scope(), ref);
  }


  Object describe(RequestContext ctx, ObjectNode input) {
    TaskDefinitionRequest req = ctx.read(input, TaskDefinitionRequest.class);
    EcsRules.ref(ctx, req.taskDefinition(), "taskDefinition");
    if (req.include() != null) {
      req.include().forEach(i -> Rules.oneOf(ctx, i, "include", Set.of("TAGS")));
    }
    MeshState s = store.current();
    TaskDefinition td = resolve(s, ctx.caller(), req.taskDefinition());
    if (td == null) {
      throw EcsErrors.client("Unable to describe task definition.");
    }
    boolean tags = req.include() != null && req.include().contains("TAGS");
    return new TaskDefinitionResponse(td, tags ? EcsViews.tags(s, td.taskDefinitionArn()) : null);
  }

  Object deregister(RequestContext ctx, ObjectNode input) {
    TaskDefinitionRequest req = ctx.read(input, TaskDefinitionRequest.class);
    EcsRules.ref(ctx, req.taskDefinition(), "taskDefinition");
    if (!req.taskDefinition().startsWith("arn:") && !req.taskDefinition().contains(":")) {
      throw ctx.invalid("A revision is required: use family:revision or the full ARN.");
    }
    return store.apply(s -> {
      TaskDefinition td = resolve(s, ctx.caller(), req.taskDefinition());
      if (td == null) {
        throw EcsErrors.client("The specified task definition does not exist.");
      }
      if (TaskDefinition.INACTIVE.equals(td.status())) {
        return new Outcome<>(s, new TaskDefinitionResponse(td, null));
      }
      TaskDefinition inactive = new TaskDefinition(td.taskDefinitionArn(), td.family(), td.revision(),
          TaskDefinition.INACTIVE, td.networkMode(), td.cpu(), td.memory(), td.containerDefinitions(),
          td.requiresCompatibilities(), td.registeredAt(), ctx.now());
      MeshState next = s.put(MeshState.TASK_DEFINITIONS, td.taskDefinitionArn(), inactive);
      return new Outcome<>(next, new TaskDefinitionResponse(inactive, null));
    });
  }

  Object list(RequestContext ctx, ObjectNode input) {
    ListTaskDefinitionsRequest req = ctx.read(input, ListTaskDefinitionsRequest.class);
    Rules.oneOf(ctx, req.status(), "status",
        Set.of(TaskDefinition.ACTIVE, TaskDefinition.INACTIVE, "DELETE_IN_PROGRESS"));
    Rules.oneOf(ctx, req.sort(), "sort", Set.of("ASC", "DESC"));
    String status = req.status() == null ? TaskDefinition.ACTIVE : req.status();
    boolean desc = "DESC".equals(req.sort());
    List<TaskDefinition> matching = store.current().taskDefinitions().values().stream()
        .filter(td -> CloudMapState.inScope(td.taskDefinitionArn(), ctx.caller()))
        .filter(td -> status.equals(td.status()))
        .filter(td -> req.familyPrefix() == null || td.family().startsWith(req.familyPrefix()))
        .sorted(Comparator.comparing(TaskDefinitionOperations::sortKey))
        .toList();
    if (desc) {
      matching = new ArrayList<>(matching);
      Collections.reverse(matching);
    }
    Pages.Page<TaskDefinition> page = desc
        ? Pages.page(ctx, PAGES, matching, td -> invert(sortKey(td)), req.nextToken(), req.maxResults())
        : Pages.page(ctx, PAGES, matching, TaskDefinitionOperations::sortKey, req.nextToken(), req.maxResults());
    return new ListTaskDefinitionsResponse(
        page.items().stream().map(TaskDefinition::taskDefinitionArn).toList(), page.nextToken());
  }

  Object listFamilies(RequestContext ctx, ObjectNode input) {
    ListTaskDefinitionFamiliesRequest req = ctx.read(input, ListTaskDefinitionFamiliesRequest.class);
    Rules.oneOf(ctx, req.status(), "status", Set.of(TaskDefinition.ACTIVE, TaskDefinition.INACTIVE, "ALL"));
    String status = req.status() == null ? TaskDefinition.ACTIVE : req.status();
    List<String> families = store.current().taskDefinitions().values().stream()
        .filter(td -> CloudMapState.inScope(td.taskDefinitionArn(), ctx.caller()))
        .filter(td -> "ALL".equals(status) || status.equals(td.status()))
        .map(TaskDefinition::family)
        .filter(f -> req.familyPrefix() == null || f.startsWith(req.familyPrefix()))
        .distinct().sorted().toList();
    Pages.Page<String> page = Pages.page(ctx, PAGES, families, f -> f, req.nextToken(), req.maxResults());
    return new ListTaskDefinitionFamiliesResponse(page.items(), page.nextToken());
  }

  private static String sortKey(TaskDefinition td) {
    return td.family() + ":" + String.format(Locale.ROOT, "%010d", td.revision());
  }

  /** A key that sorts in reverse order of {@code key} (for DESC paging). */
  private static String invert(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (char c : key.toCharArray()) {
      b.append((char) (0xFFFF - c));
    }
    return b.toString();
  }
}
