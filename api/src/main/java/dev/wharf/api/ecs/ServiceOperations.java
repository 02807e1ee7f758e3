package dev.wharf.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.arn.Ids;
import dev.wharf.api.cloudmap.CloudMapState;
import dev.wharf.api.ecs.EcsShapes.CreateServiceRequest;
import dev.wharf.api.ecs.EcsShapes.DeleteServiceRequest;
import dev.wharf.api.ecs.EcsShapes.DescribeServicesRequest;
import dev.wharf.api.ecs.EcsShapes.DescribeServicesResponse;
import dev.wharf.api.ecs.EcsShapes.Failure;
import dev.wharf.api.ecs.EcsShapes.ListServicesByNamespaceRequest;
import dev.wharf.api.ecs.EcsShapes.ListServicesRequest;
import dev.wharf.api.ecs.EcsShapes.ListServicesResponse;
import dev.wharf.api.ecs.EcsShapes.ServiceResponse;
import dev.wharf.api.ecs.EcsShapes.ServiceView;
import dev.wharf.api.ecs.EcsShapes.UpdateServiceRequest;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.DeploymentConfiguration;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.NetworkConfiguration;
import dev.wharf.api.model.ecs.PortMapping;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectService;
import dev.wharf.api.model.ecs.ServiceEvent;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.protocol.Pages;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import dev.wharf.api.state.StateStore.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ECS service operations: CreateService, UpdateService, DeleteService, DescribeServices,
 * ListServices, ListServicesByNamespace.
 *
 * <p>Service Connect (spec 3.2, 46): the configuration is validated and its Cloud Map services made
 * by {@link ServiceConnectPlanner}; it is kept as sent on the deployment (with the cluster default's
 * ARN filled in when {@code namespace} was left out), with {@code serviceConnectResources}. Any change
 * of task definition or Service Connect configuration, or {@code forceNewDeployment}, makes a new
 * PRIMARY deployment; the old one becomes ACTIVE until its tasks are gone ({@link ServiceSettling}).
 * A change of {@code networkConfiguration} also makes a new deployment, as on ECS; it and
 * {@code deploymentConfiguration} are checked and defaulted by {@link ServiceSettings}.
 * DeleteService needs desiredCount 0 or {@code force}; the service is DRAINING while it has tasks,
 * then INACTIVE.
 */
final class ServiceOperations {
  static final int MAX_EVENTS = 100;
  private static final Pages.Spec PAGES = new Pages.Spec("nextToken", "maxResults", 10, 100);

  private final StateStore store;

  ServiceOperations(StateStore store) {
    this.store = store;
  }

  Object create(RequestContext ctx, ObjectNode input) {
    CreateServiceRequest req = ctx.read(input, CreateServiceRequest.class);
    Rules.required(ctx, req.serviceName(), "serviceName");
    EcsRules.name(ctx, req.serviceName(), "serviceName");
    Rules.range(ctx, req.desiredCount(), "desiredCount", 0, 100_000);
    Rules.oneOf(ctx, req.launchType(), "launchType", Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"));
    Rules.oneOf(ctx, req.schedulingStrategy(), "schedulingStrategy", Set.of("REPLICA"));
    Rules.oneOf(ctx, req.propagateTags(), "propagateTags", Set.of("TASK_DEFINITION", "SERVICE", "NONE"));
    Rules.length(ctx, req.clientToken(), "clientToken", 0, 36);
    Map<String, String> tags = EcsRules.tags(ctx, req.tags());
    if (req.taskDefinition() == null || req.taskDefinition().isEmpty()) {
      throw ctx.invalid("taskDefinition is required for services with the ECS deployment controller.");
    }
    int desired = req.desiredCount() == null ? 0 : req.desiredCount();
    DeploymentConfiguration deploymentConfiguration =
        ServiceSettings.deployment(ctx, req.deploymentConfiguration(), null);
    return store.apply(s -> {
      Cluster cluster = EcsState.activeCluster(s, ctx.caller(), req.cluster());
      EcsService existing = EcsState.service(s, ctx.caller(), cluster, req.serviceName());
      if (existing != null && EcsService.ACTIVE.equals(existing.status())) {
        throw EcsErrors.invalid("Creation of service was not idempotent.");
      }
      if (existing != null && EcsService.DRAINING.equals(existing.status())) {
        throw EcsErrors.invalid("Unable to Start a service that is still Draining.");
      }
      TaskDefinition td = activeTaskDefinition(s, ctx, req.taskDefinition());
      NetworkConfiguration network = ServiceSettings.network(ctx, td, req.networkConfiguration());
      ServiceConnectPlanner.Plan plan =
          ServiceConnectPlanner.plan(s, ctx, cluster, td, req.serviceConnectConfiguration(), null);
      MeshState next = plan == null ? s : plan.state();
      String launchType = req.launchType() == null ? "EC2" : req.launchType();
      Deployment d = newDeployment(ctx, td, desired, plan, launchType, network);
      String arn = EcsState.serviceArn(ctx.caller(), cluster, req.serviceName());
      List<ServiceEvent> events = desired == 0 ? List.of(steadyState(ctx, req.serviceName())) : List.of();
      EcsService svc = new EcsService(arn, req.serviceName(), cluster.clusterArn(), EcsService.ACTIVE, desired, 0, 0,
          launchType, td.taskDefinitionArn(), List.of(d), events, ctx.now(), network, deploymentConfiguration);
      next = next.put(MeshState.SERVICES, arn, svc);
      next = ServiceSettling.settle(CloudMapState.setTags(next, arn, tags));
      return new Outcome<>(next, new ServiceResponse(EcsViews.service(next, svc, true)));
    });
  }

  private static TaskDefinition activeTaskDefinition(MeshState s, RequestContext ctx, String ref) {
    TaskDefinition td = TaskDefinitionOperations.resolve(s, ctx.caller(), ref);
    if (td == null) {
      throw EcsErrors.invalid("TaskDefinition not found.");
    }
    if (!TaskDefinition.ACTIVE.equals(td.status())) {
      throw EcsErrors.invalid("TaskDefinition is inactive.");
    }
    return td;
  }

  private static Deployment newDeployment(RequestContext ctx, TaskDefinition td, int desired,
      ServiceConnectPlanner.Plan plan, String launchType, NetworkConfiguration network) {
    return new Deployment(Ids.deploymentId(), Deployment.PRIMARY, td.taskDefinitionArn(), desired, 0, 0, ctx.now(),
        ctx.now(), Deployment.IN_PROGRESS, plan == null ? null : plan.stored(), plan == null ? null : plan.resources(),
        launchType, network, 0, null);
  }

  static ServiceEvent steadyState(RequestContext ctx, String serviceName) {
    return new ServiceEvent(Ids.uuid(), ctx.now(), "(service " + serviceName + ") has reached a steady state.");
  }

  /** Prepends an event, keeping the newest {@link #MAX_EVENTS}. */
  static List<ServiceEvent> withEvent(List<ServiceEvent> events, ServiceEvent e) {
    List<ServiceEvent> out = new ArrayList<>(events.size() + 1);
    out.add(e);
    out.addAll(events);
    return out.size() > MAX_EVENTS ? out.subList(0, MAX_EVENTS) : out;
  }

  Object update(RequestContext ctx, ObjectNode input) {
    UpdateServiceRequest req = ctx.read(input, UpdateServiceRequest.class);
    EcsRules.ref(ctx, req.service(), "service");
    Rules.range(ctx, req.desiredCount(), "desiredCount", 0, 100_000);
    return store.apply(s -> {
      Cluster cluster = EcsState.activeCluster(s, ctx.caller(), req.cluster());
      EcsService svc = activeService(s, ctx, cluster, req.service());
      Deployment primary = svc.primaryDeployment();
      TaskDefinition td = req.taskDefinition() == null ? s.taskDefinitions().get(primary.taskDefinition())
          : activeTaskDefinition(s, ctx, req.taskDefinition());
      // a service stored before networkConfiguration was kept has none: it is asked for again only
      // when the request changes the network or the task definition
      boolean tdChanged = !td.taskDefinitionArn().equals(primary.taskDefinition());
      NetworkConfiguration network = req.networkConfiguration() == null && !tdChanged ? svc.networkConfiguration()
          : ServiceSettings.network(ctx, td,
              req.networkConfiguration() != null ? req.networkConfiguration() : svc.networkConfiguration());
      DeploymentConfiguration deploymentConfiguration =
          ServiceSettings.deployment(ctx, req.deploymentConfiguration(), svc.deploymentConfiguration());
      ServiceConnectConfiguration requested = req.serviceConnectConfiguration() != null
          ? req.serviceConnectConfiguration() : primary.serviceConnectConfiguration();
      checkProtocolsUnchanged(s, primary, td);
      ServiceConnectPlanner.Plan plan = ServiceConnectPlanner.plan(s, ctx, cluster, td, requested, svc);
      int desired = req.desiredCount() == null ? svc.desiredCount() : req.desiredCount();
      boolean redeploy = Boolean.TRUE.equals(req.forceNewDeployment())
          || !td.taskDefinitionArn().equals(primary.taskDefinition())
          || !Objects.equals(network, primary.networkConfiguration())
          || !Objects.equals(plan == null ? null : plan.stored(), primary.serviceConnectConfiguration());
      MeshState next = plan == null ? s : plan.state();
      List<Deployment> deployments = new ArrayList<>();
      if (redeploy) {
        deployments.add(newDeployment(ctx, td, desired, plan, svc.launchType(), network));
        svc.deployments().forEach(d -> deployments.add(d.isPrimary() ? demote(d, ctx) : d));
      } else {
        svc.deployments().forEach(d -> deployments.add(d.isPrimary() ? withDesired(d, desired, ctx) : d));
      }
      EcsService updated = svc.withDesiredCount(desired).withTaskDefinition(td.taskDefinitionArn())
          .withDeployments(deployments).withNetworkConfiguration(network)
          .withDeploymentConfiguration(deploymentConfiguration);
      if (!redeploy && desired == svc.desiredCount() && req.taskDefinition() == null
          && req.serviceConnectConfiguration() == null
          && deploymentConfiguration.equals(svc.deploymentConfiguration())) {
        return new Outcome<>(s, new ServiceResponse(EcsViews.service(s, svc, false)));
      }
      next = ServiceSettling.settle(next.put(MeshState.SERVICES, svc.serviceArn(), updated));
      EcsService settled = next.services().get(svc.serviceArn());
      return new Outcome<>(next, new ServiceResponse(EcsViews.service(next, settled, false)));
    });
  }

  /** appProtocol and protocol of a port that Service Connect uses can't change (spec 42). */
  private static void checkProtocolsUnchanged(MeshState s, Deployment primary, TaskDefinition td) {
    ServiceConnectConfiguration sc = primary.serviceConnectConfiguration();
    if (sc == null || !Boolean.TRUE.equals(sc.enabled()) || sc.services() == null
        || td.taskDefinitionArn().equals(primary.taskDefinition())) {
      return;
    }
    TaskDefinition old = s.taskDefinitions().get(primary.taskDefinition());
    for (ServiceConnectService e : sc.services()) {
      PortMapping before = EcsState.portMapping(old, e.portName());
      PortMapping after = EcsState.portMapping(td, e.portName());
      if (before != null && after != null && (!Objects.equals(before.appProtocol(), after.appProtocol())
          || !Objects.equals(protocol(before), protocol(after)))) {
        throw EcsErrors.invalid("The appProtocol and protocol of port " + e.portName() + " can't change in a "
            + "Service Connect service; delete and recreate the service to change them.");
      }
    }
  }

  private static String protocol(PortMapping p) {
    return p.protocol() == null ? "tcp" : p.protocol();
  }

  private static Deployment demote(Deployment d, RequestContext ctx) {
    return d.withStatus(Deployment.ACTIVE).withUpdatedAt(ctx.now()).withRolloutState(Deployment.COMPLETED);
  }

  private static Deployment withDesired(Deployment d, int desired, RequestContext ctx) {
    return d.withDesiredCount(desired).withUpdatedAt(ctx.now());
  }

  private static EcsService activeService(MeshState s, RequestContext ctx, Cluster cluster, String ref) {
    EcsService svc = EcsState.service(s, ctx.caller(), cluster, ref);
    if (svc == null) {
      throw EcsErrors.serviceNotFound();
    }
    if (!EcsService.ACTIVE.equals(svc.status())) {
      throw EcsErrors.serviceNotActive();
    }
    return svc;
  }

  Object delete(RequestContext ctx, ObjectNode input) {
    DeleteServiceRequest req = ctx.read(input, DeleteServiceRequest.class);
    EcsRules.ref(ctx, req.service(), "service");
    return store.apply(s -> {
      Cluster cluster = EcsState.activeCluster(s, ctx.caller(), req.cluster());
      EcsService svc = activeService(s, ctx, cluster, req.service());
      if (!Boolean.TRUE.equals(req.force()) && svc.desiredCount() != null && svc.desiredCount() > 0) {
        throw EcsErrors.invalid("The service cannot be stopped while it is scaled above 0.");
      }
      EcsService draining = svc.withStatus(EcsService.DRAINING).withDesiredCount(0);
      MeshState next = ServiceSettling.settle(s.put(MeshState.SERVICES, svc.serviceArn(), draining));
      EcsService stored = next.services().get(svc.serviceArn());
      return new Outcome<>(next, new ServiceResponse(EcsViews.service(next, stored, false)));
    });
  }

  Object describe(RequestContext ctx, ObjectNode input) {
    DescribeServicesRequest req = ctx.read(input, DescribeServicesRequest.class);
    Rules.required(ctx, req.services(), "services");
    Rules.size(ctx, req.services(), "services", 1, 10);
    if (req.include() != null) {
      req.include().forEach(i -> Rules.oneOf(ctx, i, "include", Set.of("TAGS")));
    }
    boolean tags = req.include() != null && req.include().contains("TAGS");
    MeshState s = store.current();
    Cluster cluster = EcsState.activeCluster(s, ctx.caller(), req.cluster());
    List<ServiceView> found = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (String ref : req.services()) {
      EcsRules.ref(ctx, ref, "services[]");
      EcsService svc = EcsState.service(s, ctx.caller(), cluster, ref);
      if (svc == null) {
        failures.add(new Failure(EcsState.serviceArn(ctx.caller(), cluster, ref), "MISSING", null));
      } else {
        found.add(EcsViews.service(s, svc, tags));
      }
    }
    return new DescribeServicesResponse(found, failures);
  }

  Object list(RequestContext ctx, ObjectNode input) {
    ListServicesRequest req = ctx.read(input, ListServicesRequest.class);
    Rules.oneOf(ctx, req.launchType(), "launchType", Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"));
    Rules.oneOf(ctx, req.schedulingStrategy(), "schedulingStrategy", Set.of("REPLICA", "DAEMON"));
    Rules.range(ctx, req.maxResults(), "maxResults", 1, PAGES.maxSize()); // input first, then the cluster
    MeshState s = store.current();
    Cluster cluster = EcsState.activeCluster(s, ctx.caller(), req.cluster());
    List<String> arns = s.services().values().stream()
        .filter(v -> v.clusterArn().equals(cluster.clusterArn()) && !EcsService.INACTIVE.equals(v.status()))
        .filter(v -> req.launchType() == null || req.launchType().equals(v.launchType()))
        .filter(v -> !"DAEMON".equals(req.schedulingStrategy()))
        .map(EcsService::serviceArn).toList();
    Pages.Page<String> page = Pages.page(ctx, PAGES, arns, a -> a, req.nextToken(), req.maxResults());
    return new ListServicesResponse(page.items(), page.nextToken());
  }

  Object listByNamespace(RequestContext ctx, ObjectNode input) {
    ListServicesByNamespaceRequest req = ctx.read(input, ListServicesByNamespaceRequest.class);
    EcsRules.ref(ctx, req.namespace(), "namespace");
    Rules.range(ctx, req.maxResults(), "maxResults", 1, PAGES.maxSize()); // input first, then the namespace
    MeshState s = store.current();
    Namespace ns = EcsState.namespace(s, ctx.caller(), req.namespace());
    if (ns == null) {
      throw EcsErrors.namespaceNotFound(req.namespace());
    }
    List<String> arns = s.services().values().stream()
        .filter(v -> EcsService.ACTIVE.equals(v.status()) && CloudMapState.inScope(v.serviceArn(), ctx.caller()))
        .filter(v -> v.primaryDeployment() != null
            && ns.equals(EcsState.namespaceOf(s, v, v.primaryDeployment())))
        .map(EcsService::serviceArn).toList();
    Pages.Page<String> page = Pages.page(ctx, PAGES, arns, a -> a, req.nextToken(), req.maxResults());
    return new ListServicesResponse(page.items(), page.nextToken());
  }
}
