package dev.wharf.api.cloudmap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.cloudmap.CloudMapShapes.Filter;
import dev.wharf.api.cloudmap.CloudMapShapes.GetOperationRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.GetOperationResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.ListOperationsResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.ListRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.OperationSummary;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.cloudmap.Operation;
import dev.wharf.api.protocol.Caller;
import dev.wharf.api.protocol.Pages;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * GetOperation and ListOperations (spec 20). Statuses are derived from the clock, see
 * {@link OperationStatus}. An operation is visible to the account and region of the namespace or
 * service it targets; one whose target is gone is visible to everyone.
 */
final class AsyncOperations {
  private static final Pages.Spec PAGES = new Pages.Spec("NextToken", "MaxResults", 100, 100);
  private static final Map<String, Set<String>> FILTERS = Map.of(
      "NAMESPACE_ID", Set.of("EQ"), "SERVICE_ID", Set.of("EQ"), "STATUS", Set.of("EQ", "IN"),
      "TYPE", Set.of("EQ", "IN"), "UPDATE_DATE", Set.of("BETWEEN"));

  private final StateStore store;

  AsyncOperations(StateStore store) {
    this.store = store;
  }

  Object get(RequestContext ctx, ObjectNode input) {
    GetOperationRequest req = ctx.read(input, GetOperationRequest.class);
    Rules.required(ctx, req.operationId(), "OperationId");
    Rules.length(ctx, req.operationId(), "OperationId", 1, 255);
    CloudMapRules.ownerAccount(ctx, req.ownerAccount());
    MeshState s = store.current();
    Operation op = s.operations().get(req.operationId());
    if (op == null || !visible(s, op, ctx.caller())) {
      throw CloudMapErrors.operationNotFound(req.operationId());
    }
    return new GetOperationResponse(OperationStatus.at(op, ctx.now()));
  }

  Object list(RequestContext ctx, ObjectNode input) {
    ListRequest req = ctx.read(input, ListRequest.class);
    Filters.check(ctx, req.filters(), FILTERS);
    Rules.length(ctx, req.nextToken(), "NextToken", 0, 4096);
    MeshState s = store.current();
    double now = ctx.now();
    List<Operation> ops = s.operations().values().stream()
        .filter(op -> visible(s, op, ctx.caller()))
        .map(op -> OperationStatus.at(op, now))
        .filter(op -> matchesAll(req.filters(), op))
        .sorted(Comparator.comparing(AsyncOperations::sortKey))
        .toList();
    Pages.Page<Operation> page = Pages.page(ctx, PAGES, ops, AsyncOperations::sortKey, req.nextToken(),
        req.maxResults());
    return new ListOperationsResponse(
        page.items().stream().map(o -> new OperationSummary(o.id(), o.status())).toList(), page.nextToken());
  }

  private static String sortKey(Operation op) {
    return String.format(Locale.ROOT, "%017.3f|%s", op.createDate(), op.id());
  }

  private static boolean matchesAll(List<Filter> filters, Operation op) {
    if (filters == null) {
      return true;
    }
    for (Filter f : filters) {
      String value = switch (f.name()) {
        case "NAMESPACE_ID" -> op.targets().get("NAMESPACE");
        case "SERVICE_ID" -> op.targets().get("SERVICE");
        case "STATUS" -> op.status();
        case "TYPE" -> op.type();
        default -> String.valueOf(op.updateDate());
      };
      if (!Filters.matches(f, value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(MeshState s, Operation op, Caller caller) {
    String nsId = op.targets().get("NAMESPACE");
    Namespace ns = nsId == null ? null : s.namespaces().get(nsId);
    if (ns != null) {
      return CloudMapState.inScope(ns.arn(), caller);
    }
    String srvId = op.targets().get("SERVICE");
    var srv = srvId == null ? null : s.discoveryServices().get(srvId);
    return srv == null || CloudMapState.inScope(srv.arn(), caller);
  }
}
