package dev.wharf.api.cloudmap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.cloudmap.CloudMapShapes.CreateHttpNamespaceRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.Filter;
import dev.wharf.api.cloudmap.CloudMapShapes.IdRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.ListNamespacesResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.ListRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.NamespaceResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.OperationIdResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.UpdateHttpNamespaceRequest;
import dev.wharf.api.cloudmap.CloudMapState.Made;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.cloudmap.Operation;
import dev.wharf.api.protocol.Pages;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import dev.wharf.api.state.StateStore.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cloud Map namespace operations: CreateHttpNamespace, GetNamespace, ListNamespaces, DeleteNamespace,
 * UpdateHttpNamespace (spec 3.3). Namespaces exist as soon as the call returns; their operation shows
 * the AWS status progression ({@link OperationStatus}).
 */
final class NamespaceOperations {
  /** Cloud Map's quota: 50 namespaces per Region (spec 24). */
  static final int MAX_NAMESPACES = 50;
  private static final Pages.Spec PAGES = new Pages.Spec("NextToken", "MaxResults", 100, 100);
  private static final Map<String, Set<String>> FILTERS = Map.of(
      "TYPE", Set.of("EQ", "IN"), "NAME", Set.of("EQ", "BEGINS_WITH"),
      "HTTP_NAME", Set.of("EQ", "BEGINS_WITH"), "RESOURCE_OWNER", Set.of("EQ"));

  private final StateStore store;

  NamespaceOperations(StateStore store) {
    this.store = store;
  }

  Object create(RequestContext ctx, ObjectNode input) {
    CreateHttpNamespaceRequest req = ctx.read(input, CreateHttpNamespaceRequest.class);
    Rules.required(ctx, req.name(), "Name");
    Rules.pattern(ctx, req.name(), "Name", CloudMapRules.NAMESPACE_NAME, "1 to 1024 printable ASCII "
        + "characters, not starting with arn:");
    CloudMapRules.requestId(ctx, req.creatorRequestId(), "CreatorRequestId");
    CloudMapRules.description(ctx, req.description());
    Map<String, String> tags = CloudMapRules.tags(ctx, req.tags(), req.name());
    if (tags.size() > 50) {
      throw CloudMapErrors.tooManyTags(req.name());
    }
    return store.apply(s -> {
      Namespace existing = CloudMapState.namespaceByName(s, ctx.caller(), req.name());
      if (existing != null) {
        return new Outcome<>(s, idempotentRetry(s, ctx, req, existing));
      }
      if (CloudMapState.namespaces(s, ctx.caller()).size() >= MAX_NAMESPACES) {
        throw CloudMapErrors.resourceLimitExceeded("The namespace quota (" + MAX_NAMESPACES
            + " per Region) is reached.");
      }
      Made<Namespace> made = CloudMapState.createHttpNamespace(s, ctx.caller(), req.name(),
          req.description(), req.creatorRequestId(), ctx.now());
      MeshState next = CloudMapState.setTags(made.state(), made.value().arn(), tags);
      return new Outcome<>(next, new OperationIdResponse(createOperationId(next, made.value().id())));
    });
  }

  /** Same name and same CreatorRequestId is a retry: answer the original operation (idempotency token). */
  private static OperationIdResponse idempotentRetry(MeshState s, RequestContext ctx,
      CreateHttpNamespaceRequest req, Namespace existing) {
    if (req.creatorRequestId() != null && req.creatorRequestId().equals(existing.creatorRequestId())) {
      String op = createOperationId(s, existing.id());
      if (op != null) {
        return new OperationIdResponse(op);
      }
    }
    throw CloudMapErrors.namespaceAlreadyExists(req.name(), existing.creatorRequestId(), existing.id());
  }

  private static String createOperationId(MeshState s, String namespaceId) {
    return s.operations().values().stream()
        .filter(o -> "CREATE_NAMESPACE".equals(o.type()) && namespaceId.equals(o.targets().get("NAMESPACE")))
        .map(Operation::id).findFirst().orElse(null);
  }

  Object get(RequestContext ctx, ObjectNode input) {
    IdRequest req = ctx.read(input, IdRequest.class);
    CloudMapRules.idOrArn(ctx, req.id(), "Id");
    MeshState s = store.current();
    Namespace ns = CloudMapState.namespace(s, ctx.caller(), req.id());
    if (ns == null) {
      throw CloudMapErrors.namespaceNotFound(req.id());
    }
    return new NamespaceResponse(CloudMapState.withCount(s, ns));
  }

  Object list(RequestContext ctx, ObjectNode input) {
    ListRequest req = ctx.read(input, ListRequest.class);
    Filters.check(ctx, req.filters(), FILTERS);
    Rules.length(ctx, req.nextToken(), "NextToken", 0, 4096);
    MeshState s = store.current();
    List<Namespace> matching = CloudMapState.namespaces(s, ctx.caller()).stream()
        .filter(ns -> matchesAll(ctx, req.filters(), ns))
        .map(ns -> summary(s, ns))
        .toList();
    Pages.Page<Namespace> page = Pages.page(ctx, PAGES, matching, Namespace::id, req.nextToken(), req.maxResults());
    return new ListNamespacesResponse(page.items(), page.nextToken());
  }

  private static boolean matchesAll(RequestContext ctx, List<Filter> filters, Namespace ns) {
    if (filters == null) {
      return true;
    }
    for (Filter f : filters) {
      String value = switch (f.name()) {
        case "TYPE" -> ns.type();
        case "NAME" -> ns.name();
        case "HTTP_NAME" -> ns.httpName();
        default -> ns.resourceOwner().equals(ctx.account()) ? "SELF" : "OTHER_ACCOUNTS";
      };
      if (!Filters.matches(f, value)) {
        return false;
      }
    }
    return true;
  }

  /** {@code NamespaceSummary}: the namespace without CreatorRequestId. */
  private static Namespace summary(MeshState s, Namespace ns) {
    Namespace n = CloudMapState.withCount(s, ns);
    return n.withCreatorRequestId(null);
  }

  Object delete(RequestContext ctx, ObjectNode input) {
    IdRequest req = ctx.read(input, IdRequest.class);
    CloudMapRules.idOrArn(ctx, req.id(), "Id");
    return store.apply(s -> {
      Namespace ns = CloudMapState.namespace(s, ctx.caller(), req.id());
      if (ns == null) {
        throw CloudMapErrors.namespaceNotFound(req.id());
      }
      int services = CloudMapState.servicesOf(s, ns.id()).size();
      if (services > 0) {
        throw CloudMapErrors.resourceInUse("The namespace " + ns.id() + " can't be deleted because it "
            + "contains " + services + " service(s).");
      }
      MeshState next = s.remove(MeshState.NAMESPACES, ns.id())
          .remove(MeshState.TAGS, ns.arn());
      Made<Operation> op = CloudMapState.addOperation(next, "DELETE_NAMESPACE", Map.of("NAMESPACE", ns.id()),
          ctx.now());
      return new Outcome<>(op.state(), new OperationIdResponse(op.value().id()));
    });
  }

  Object updateHttp(RequestContext ctx, ObjectNode input) {
    UpdateHttpNamespaceRequest req = ctx.read(input, UpdateHttpNamespaceRequest.class);
    CloudMapRules.idOrArn(ctx, req.id(), "Id");
    CloudMapRules.requestId(ctx, req.updaterRequestId(), "UpdaterRequestId");
    Rules.required(ctx, req.namespace(), "Namespace");
    Rules.required(ctx, req.namespace().description() == null ? null : "x", "Namespace.Description");
    CloudMapRules.description(ctx, req.namespace().description());
    return store.apply(s -> {
      Namespace ns = CloudMapState.namespace(s, ctx.caller(), req.id());
      if (ns == null) {
        throw CloudMapErrors.namespaceNotFound(req.id());
      }
      if (!Namespace.HTTP.equals(ns.type())) {
        throw ctx.invalid("Namespace " + ns.id() + " is not an HTTP namespace.");
      }
      Namespace updated = ns.withDescription(req.namespace().description()).withServiceCount(null);
      MeshState next = s.put(MeshState.NAMESPACES, ns.id(), updated);
      Made<Operation> op = CloudMapState.addOperation(next, "UPDATE_NAMESPACE", Map.of("NAMESPACE", ns.id()),
          ctx.now());
      return new Outcome<>(op.state(), new OperationIdResponse(op.value().id()));
    });
  }
}
