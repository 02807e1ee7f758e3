package dev.wharf.api.cloudwatch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.api.protocol.AwsException;

/**
 * Reads members of the protocol-neutral input tree, whatever protocol produced it: scalars may be
 * strings (query protocol) or typed values (CBOR, JSON); timestamps epoch seconds or ISO 8601. A
 * member of the wrong kind is rejected with {@code errorCode} and the member's path in the message,
 * AWS's way of naming parameters ({@code Dimensions.member.1.Name}).
 *
 * @param errorCode the operation's invalid-input code ({@code InvalidParameterValue} or {@code
 *     ValidationError})
 */
record Fields(String errorCode) {

  AwsException invalid(String message) {
    return new AwsException(errorCode, message);
  }

  static AwsException missing(String path) {
    return new AwsException("MissingParameter", "The parameter " + path + " is required.");
  }

  /** The member's text, or null when absent or null. */
  String text(JsonNode parent, String name, String path) {
    JsonNode n = parent == null ? null : parent.get(name);
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (!n.isValueNode()) {
      throw invalid("The parameter " + path + " must be a single value.");
    }
    return n.asText();
  }

  String required(JsonNode parent, String name, String path) {
    String v = text(parent, name, path);
    if (v == null || v.isEmpty()) {
      throw missing(path);
    }
    return v;
  }

  /** A list member's items; empty when absent (or the query protocol's empty {@code Name=}). */
  List<JsonNode> list(JsonNode parent, String name, String path) {
    JsonNode n = parent == null ? null : parent.get(name);
    List<JsonNode> out = new ArrayList<>();
    if (n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())) {
      return out;
    }
    if (!n.isArray()) {
      throw invalid("The parameter " + path + " must be a list.");
    }
    n.forEach(out::add);
    return out;
  }

  /** A structure member, or null when absent. */
  JsonNode object(JsonNode parent, String name, String path) {
    JsonNode n = parent == null ? null : parent.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw invalid("The parameter " + path + " must be a structure.");
    }
    return n;
  }

  Long integer(JsonNode parent, String name, String path) {
    String v = text(parent, name, path);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw invalid("The parameter " + path + " must be an integer.");
    }
  }

  Boolean bool(JsonNode parent, String name, String path) {
    String v = text(parent, name, path);
    if (v == null) {
      return null;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw invalid("The parameter " + path + " must be a boolean.");
  }

  Instant instant(JsonNode parent, String name, String path) {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      throw missing(path);
    }
    if (n.isNumber()) {
      return fromEpochSeconds(n.asDouble(), path);
    }
    if (!n.isTextual() || n.asText().isBlank()) {
      throw invalid("The parameter " + path + " must be a timestamp.");
    }
    String v = n.asText().trim();
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return fromEpochSeconds(Double.parseDouble(v), path);
      } catch (NumberFormatException e2) {
        throw invalid("The parameter " + path + " must be a timestamp in ISO 8601 UTC format.");
      }
    }
  }

  private Instant fromEpochSeconds(double seconds, String path) {
    // Year 1 to 9999, the range an ISO 8601 timestamp can name.
    if (!(seconds >= -62_135_596_800.0 && seconds <= 253_402_300_799.0)) {
      throw invalid("The parameter " + path + " must be a timestamp between the years 1 and 9999.");
    }
    long whole = (long) Math.floor(seconds);
    return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
  }
}
