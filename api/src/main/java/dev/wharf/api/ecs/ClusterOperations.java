package dev.wharf.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.cloudmap.CloudMapState;
import dev.wharf.api.ecs.EcsShapes.ClusterResponse;
import dev.wharf.api.ecs.EcsShapes.ClusterView;
import dev.wharf.api.ecs.EcsShapes.CreateClusterRequest;
import dev.wharf.api.ecs.EcsShapes.DeleteClusterRequest;
import dev.wharf.api.ecs.EcsShapes.DescribeClustersRequest;
import dev.wharf.api.ecs.EcsShapes.DescribeClustersResponse;
import dev.wharf.api.ecs.EcsShapes.Failure;
import dev.wharf.api.ecs.EcsShapes.ListClustersResponse;
import dev.wharf.api.ecs.EcsShapes.ListRequest;
import dev.wharf.api.ecs.EcsShapes.ServiceConnectDefaultsRequest;
import dev.wharf.api.ecs.EcsShapes.UpdateClusterRequest;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.ClusterServiceConnectDefaults;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.protocol.AwsException;
import dev.wharf.api.protocol.Pages;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import dev.wharf.api.state.StateStore.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ECS cluster operations: CreateCluster (idempotent for an ACTIVE name), UpdateCluster,
 * DescribeClusters (MISSING failures), ListClusters, DeleteCluster (ClusterContainsServicesException,
 * ClusterContainsTasksException; the cluster stays as INACTIVE). {@code serviceConnectDefaults}
 * takes a namespace name or ARN; an unknown name makes an HTTP namespace; the default is stored and
 * returned as the namespace ARN; {@code ""} on UpdateCluster removes it (spec 13-16).
 */
final class ClusterOperations {
  private static final Pages.Spec PAGES = new Pages.Spec("nextToken", "maxResults", 100, 100);
  private static final Pattern NAMESPACE_REF = Pattern.compile("^[^<>\"/]*$|^arn:.*$");
  private static final Set<String> INCLUDE = Set.of("ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS", "TAGS");

  private final StateStore store;

  ClusterOperations(StateStore store) {
    this.store = store;
  }

  Object create(RequestContext ctx, ObjectNode input) {
    CreateClusterRequest req = ctx.read(input, CreateClusterRequest.class);
    String name = req.clusterName() == null ? "default" : req.clusterName();
    EcsRules.name(ctx, name, "clusterName");
    Map<String, String> tags = EcsRules.tags(ctx, req.tags());
    checkDefaults(ctx, req.serviceConnectDefaults(), false);
    return store.apply(s -> {
      String arn = EcsState.clusterArn(ctx.caller(), name);
      Cluster existing = s.clusters().get(arn);
      if (existing != null && Cluster.ACTIVE.equals(existing.status())) {
        return new Outcome<>(s, new ClusterResponse(EcsViews.cluster(s, existing, true, false)));
      }
      Defaults d = defaults(s, ctx, req.serviceConnectDefaults());
      Cluster c = new Cluster(arn, name, Cluster.ACTIVE, d.value(), 0, 0, 0, 0);
      MeshState next = d.state().put(MeshState.CLUSTERS, arn, c);
      next = CloudMapState.setTags(next, arn, tags);
      return new Outcome<>(next, new ClusterResponse(EcsViews.cluster(next, c, true, false)));
    });
  }

  Object update(RequestContext ctx, ObjectNode input) {
    UpdateClusterRequest req = ctx.read(input, UpdateClusterRequest.class);
    EcsRules.ref(ctx, req.cluster(), "cluster");
    checkDefaults(ctx, req.serviceConnectDefaults(), true);
    return store.apply(s -> {
      Cluster c = EcsState.activeCluster(s, ctx.caller(), req.cluster());
      if (req.serviceConnectDefaults() == null) {
        return new Outcome<>(s, new ClusterResponse(EcsViews.cluster(s, c, false, false)));
      }
      Defaults d = req.serviceConnectDefaults().namespace().isEmpty() ? new Defaults(s, null)
          : defaults(s, ctx, req.serviceConnectDefaults());
      Cluster updated = new Cluster(c.clusterArn(), c.clusterName(), c.status(), d.value(), 0, 0, 0, 0);
      MeshState next = d.state().put(MeshState.CLUSTERS, c.clusterArn(), updated);
      return new Outcome<>(next, new ClusterResponse(EcsViews.cluster(next, updated, false, false)));
    });
  }

  private static void checkDefaults(RequestContext ctx, ServiceConnectDefaultsRequest d, boolean emptyAllowed) {
    if (d == null) {
      return;
    }
    if (d.namespace() == null || (d.namespace().isEmpty() && !emptyAllowed)) {
      throw ctx.invalid("serviceConnectDefaults.namespace is required.");
    }
    Rules.length(ctx, d.namespace(), "serviceConnectDefaults.namespace", 0, 1024);
    Rules.pattern(ctx, d.namespace(), "serviceConnectDefaults.namespace", NAMESPACE_REF,
        "a name without >, <, \" or /, or a namespace ARN");
  }

  private record Defaults(MeshState state, ClusterServiceConnectDefaults value) {}

  /** Resolves the default namespace; a name that does not exist yet makes an HTTP namespace (spec 13). */
  private static Defaults defaults(MeshState s, RequestContext ctx, ServiceConnectDefaultsRequest req) {
    if (req == null) {
      return new Defaults(s, null);
    }
    Namespace ns = EcsState.namespace(s, ctx.caller(), req.namespace());
    if (ns != null) {
      return new Defaults(s, new ClusterServiceConnectDefaults(ns.arn()));
    }
    if (req.namespace().startsWith("arn:")) {
      throw EcsErrors.namespaceNotFound(req.namespace());
    }
    CloudMapState.Made<Namespace> made =
        CloudMapState.createHttpNamespace(s, ctx.caller(), req.namespace(), null, null, ctx.now());
    return new Defaults(made.state(), new ClusterServiceConnectDefaults(made.value().arn()));
  }

  Object describe(RequestContext ctx, ObjectNode input) {
    DescribeClustersRequest req = ctx.read(input, DescribeClustersRequest.class);
    List<String> refs = req.clusters() == null || req.clusters().isEmpty() ? List.of("default") : req.clusters();
    Rules.size(ctx, refs, "clusters", 1, 100);
    List<String> include = req.include() == null ? List.of() : req.include();
    include.forEach(i -> Rules.oneOf(ctx, i, "include", INCLUDE));
    MeshState s = store.current();
    List<ClusterView> clusters = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (String ref : refs) {
      EcsRules.ref(ctx, ref, "clusters[]");
      String arn = EcsState.clusterArn(ctx.caller(), ref);
      Cluster c = s.clusters().get(arn);
      if (c == null) {
        failures.add(new Failure(arn, "MISSING", null));
      } else {
        clusters.add(EcsViews.cluster(s, c, include.contains("TAGS"), include.contains("ATTACHMENTS")));
      }
    }
    return new DescribeClustersResponse(clusters, failures);
  }

  Object list(RequestContext ctx, ObjectNode input) {
    ListRequest req = ctx.read(input, ListRequest.class);
    MeshState s = store.current();
    List<String> arns = s.clusters().values().stream()
        .filter(c -> Cluster.ACTIVE.equals(c.status()) && CloudMapState.inScope(c.clusterArn(), ctx.caller()))
        .map(Cluster::clusterArn).toList();
    Pages.Page<String> page = Pages.page(ctx, PAGES, arns, a -> a, req.nextToken(), req.maxResults());
    return new ListClustersResponse(page.items(), page.nextToken());
  }

  Object delete(RequestContext ctx, ObjectNode input) {
    DeleteClusterRequest req = ctx.read(input, DeleteClusterRequest.class);
    EcsRules.ref(ctx, req.cluster(), "cluster");
    return store.apply(s -> {
      Cluster c = EcsState.activeCluster(s, ctx.caller(), req.cluster());
      boolean services = s.services().values().stream()
          .anyMatch(v -> v.clusterArn().equals(c.clusterArn()) && !EcsService.INACTIVE.equals(v.status()));
      if (services) {
        throw new AwsException("ClusterContainsServicesException",
            "The Cluster cannot be deleted while Services are active.");
      }
      if (s.tasks().values().stream().anyMatch(t -> c.clusterArn().equals(t.clusterArn()))) {
        throw new AwsException("ClusterContainsTasksException",
            "The Cluster cannot be deleted while Tasks are active.");
      }
      Cluster inactive =
          new Cluster(c.clusterArn(), c.clusterName(), Cluster.INACTIVE, c.serviceConnectDefaults(), 0, 0, 0, 0);
      MeshState next = s.put(MeshState.CLUSTERS, c.clusterArn(), inactive);
      return new Outcome<>(next, new ClusterResponse(EcsViews.cluster(next, inactive, false, false)));
    });
  }
}
