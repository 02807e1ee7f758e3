package dev.wharf.api.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.json.WharfJson;
import dev.wharf.api.state.StateStore;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS JSON 1.1 front end of Wharf, free of sockets: first offers the request to the
 * {@link ProtocolFrontEnd}s of services in other protocols (CloudWatch), then routes by {@code X-Amz-Target}
 * ({@code AmazonEC2ContainerServiceV20141113.<Op>} to ECS, {@code Route53AutoNaming_v20170314.<Op>}
 * to Cloud Map), parses the body, runs the operation, and renders the result or the error.
 *
 * <p>Wire decisions (spec 3.1):
 * <ul>
 *   <li>Every response has {@code x-amzn-RequestId} (a UUID) and {@code Content-Type:
 *       application/x-amz-json-1.1}; success is 200 with the output shape ({@code {}} when empty).
 *   <li>Errors: body {@code {"__type": T, "message": ...}} (ECS) or {@code {"__type": T, "Message":
 *       ...}} (Cloud Map), plus modelled extra members, and header {@code X-Amzn-ErrorType: T}.
 *       400 for every client error; 500 only for ECS {@code ServerException} (and Cloud Map's
 *       {@code InternalFailure}), which is what an unexpected failure becomes; its text is generic and
 *       the cause is only logged. No stack trace ever reaches a body.
 *   <li>Unknown or missing target: 400 {@code UnknownOperationException}.
 *   <li>Body not JSON, not an object, or a member of the wrong JSON type: 400
 *       {@code SerializationException} (what AWS's JSON front end answers before the service sees the
 *       request). An empty body means {@code {}}. Missing required members, bad enum values,
 *       out-of-range numbers and pattern violations are the service's own validation error:
 *       {@code InvalidParameterException} (ECS) or {@code InvalidInput} (Cloud Map).
 *   <li>A body over {@link ApiOptions#maxBodyBytes()}: 400 {@code ClientException} (ECS) or
 *       {@code InvalidInput} (Cloud Map), before parsing.
 *   <li>Account and region come from the SigV4 {@code Authorization} header, see {@link Caller}.
 * </ul>
 *
 * <p>Thread-safe: reads use {@link StateStore#current()}, writes go through {@link StateStore#apply},
 * which serializes them.
 */
public final class AwsJsonService {

  private static final Logger LOG = LoggerFactory.getLogger(AwsJsonService.class);
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private final StateStore store;
  private final Clock clock;
  private final ApiOptions options;
  private final Map<AwsService, Map<String, OperationHandler>> routes = new EnumMap<>(AwsService.class);
  private final List<ProtocolFrontEnd> frontEnds;

  /**
   * A service that answers the operations of {@code sets}, one set per {@link AwsService}; see
   * {@code dev.wharf.api.WharfApi} for Wharf's ECS and Cloud Map wiring.
   */
  public AwsJsonService(StateStore store, Clock clock, ApiOptions options, List<? extends OperationSet> sets) {
    this(store, clock, options, sets, List.of());
  }

  /**
   * As {@link #AwsJsonService(StateStore, Clock, ApiOptions, List)}, and offers each request to
   * {@code frontEnds} first (services in other protocols, such as CloudWatch's).
   */
  public AwsJsonService(StateStore store, Clock clock, ApiOptions options, List<? extends OperationSet> sets,
      List<? extends ProtocolFrontEnd> frontEnds) {
    this.store = store;
    this.clock = clock;
    this.options = options;
    this.frontEnds = List.copyOf(frontEnds);
    sets.forEach(this::register);
  }

  private void register(OperationSet set) {
    routes.put(set.service(), Map.copyOf(set.operations()));
  }

  /** The options this service runs with. */
  public ApiOptions options() {
    return options;
  }

  /**
   * The answer to {@code req} when its signature was refused ({@code failure}, {@code message}), in
   * the shape and with the code of the protocol that would have served it. Changes nothing.
   */
  public AwsResponse refuse(AwsRequest req, AuthFailure failure, String message) {
    return refusal(req, failure, message).response();
  }

  /** As {@link #refuse}, with the call's labels for metering; the code is the refusal's. */
  public ApiOutcome refusal(AwsRequest req, AuthFailure failure, String message) {
    for (ProtocolFrontEnd frontEnd : frontEnds) {
      if (frontEnd.accepts(req)) {
        return frontEnd.refusal(req, new AwsException(failure.queryCode(), message));
      }
    }
    Route route = route(req.target());
    AwsService service = route == null ? null : route.service();
    AwsException e = new AwsException(failure.jsonCode(), message);
    return new ApiOutcome(error(service, UUID.randomUUID().toString(), e), label(service),
        label(route), e.errorType());
  }

  /** Handles one request. Never throws. */
  public AwsResponse handle(AwsRequest req) {
    return answer(req).response();
  }

  /** Handles one request, and gives the call's labels for metering. Never throws. */
  public ApiOutcome answer(AwsRequest req) {
    for (ProtocolFrontEnd frontEnd : frontEnds) {
      if (frontEnd.accepts(req)) {
        return frontEnd.answer(req);
      }
    }
    String requestId = UUID.randomUUID().toString();
    Route route = route(req.target());
    AwsService service = route == null ? null : route.service();
    try {
      if (route == null || route.handler() == null) {
        throw new AwsException("UnknownOperationException", req.target() == null || req.target().isBlank()
            ? "Missing X-Amz-Target header." : "Unknown operation " + req.target() + ".");
      }
      if (req.body().length > options.maxBodyBytes()) {
        throw new AwsException(service.requestTooLargeError(), "Request body is " + req.body().length
            + " bytes; the limit is " + options.maxBodyBytes() + " bytes.");
      }
      ObjectNode input = parse(req.body());
      Caller caller = Caller.from(req.header("authorization"), req.header(Caller.VERIFIED_ACCOUNT_HEADER), options);
      RequestContext ctx = new RequestContext(service, route.operation(), caller, requestId, clock);
      Object output = route.handler().handle(ctx, input);
      return new ApiOutcome(respond(200, requestId, null, output == null ? Map.of() : output), label(service),
          label(route), ApiOutcome.OK);
    } catch (AwsException e) {
      return new ApiOutcome(error(service, requestId, e), label(service), label(route), e.errorType());
    } catch (RuntimeException e) {
      LOG.error("Request {} ({}) failed unexpectedly", requestId, req.target(), e);
      String type = service == AwsService.CLOUD_MAP ? "InternalFailure" : "ServerException";
      AwsException fault = new AwsException(type,
          "The server encountered an internal error (request " + requestId + ").");
      return new ApiOutcome(error(service, requestId, fault), label(service), label(route), type);
    }
  }

  private static String label(AwsService service) {
    return service == null ? ApiOutcome.UNKNOWN : service.cliName();
  }

  private static String label(Route route) {
    return route == null || route.handler() == null ? ApiOutcome.UNKNOWN : route.operation();
  }

  /**
   * Wipes all state (namespaces, services, tasks, everything), for users' own test suites. The
   * revision still increases, so watchers see the change.
   *
   * @throws IllegalStateException unless {@link ApiOptions#adminResetEnabled()} is set
   */
  public void resetAll() {
    if (!options.adminResetEnabled()) {
      throw new IllegalStateException("Admin reset is disabled; enable it with the admin reset flag.");
    }
    store.apply(state -> new StateStore.Outcome<>(state.cleared(), null));
  }

  private Route route(String target) {
    if (target == null) {
      return null;
    }
    int dot = target.lastIndexOf('.');
    AwsService service = dot < 0 ? null : AwsService.forPrefix(target.substring(0, dot).trim());
    if (service == null) {
      return null;
    }
    String op = target.substring(dot + 1).trim();
    return new Route(service, op, routes.get(service).get(op));
  }

  private static ObjectNode parse(byte[] body) {
    if (isBlank(body)) {
      return WharfJson.wire().createObjectNode();
    }
    try {
      JsonNode node = WharfJson.wire().readTree(body);
      if (node instanceof ObjectNode object) {
        return object;
      }
      throw new AwsException("SerializationException", "The request body must be a JSON object.");
    } catch (JsonProcessingException e) {
      throw Serialization.error(e);
    } catch (IOException e) {
      throw new AwsException("SerializationException", "Malformed JSON.");
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private AwsResponse error(AwsService service, String requestId, AwsException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", e.errorType());
    body.put(service == null ? "message" : service.messageMember(), e.getMessage());
    body.putAll(e.extraMembers());
    return respond(e.httpStatus(), requestId, e.errorType(), body);
  }

  private static AwsResponse respond(int status, String requestId, String errorType, Object body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", CONTENT_TYPE);
    headers.put("x-amzn-RequestId", requestId);
    if (errorType != null) {
      headers.put("X-Amzn-ErrorType", errorType);
    }
    return new AwsResponse(status, headers, write(WharfJson.wire(), body));
  }

  private static byte[] write(ObjectMapper mapper, Object body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize a response", e);
    }
  }

  private record Route(AwsService service, String operation, OperationHandler handler) {}
}
