package dev.wharf.api.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One AWS operation: takes the parsed request body (always a JSON object) and returns the response
 * shape (a record or map, serialized with the wire mapper; null means {@code {}}). Rejects by throwing
 * {@link AwsException}.
 */
@FunctionalInterface
public interface OperationHandler {
  Object handle(RequestContext ctx, ObjectNode input);
}
