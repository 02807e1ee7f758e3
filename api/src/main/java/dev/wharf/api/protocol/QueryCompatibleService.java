package dev.wharf.api.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.wharf.api.json.WharfJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front end of an AWS service that AWS moved from the query protocol to newer ones while staying
 * compatible ({@code awsQueryCompatible}, as CloudWatch did): the same operations are served in the
 * three protocols the SDKs may send, chosen per request.
 *
 * <ul>
 *   <li><b>smithy-rpc-v2-cbor</b>: {@code POST /service/<targetPrefix>/operation/<Op>}, CBOR bodies,
 *       timestamps as CBOR tag 1 (epoch seconds); responses carry {@code Smithy-Protocol:
 *       rpc-v2-cbor} and {@code Content-Type: application/cbor}. CloudWatch's first protocol in its
 *       model; newer SDKs send it.
 *   <li><b>awsJson1_0</b>: {@code X-Amz-Target: <targetPrefix>.<Op>}, JSON bodies, timestamps as epoch
 *       seconds. What botocore 1.x (the AWS CLI v1, boto3) sends for CloudWatch: it ranks {@code json}
 *       above {@code smithy-rpc-v2-cbor} ({@code botocore.utils.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS}).
 *   <li><b>awsQuery</b>: a form-encoded {@code POST /} with {@code Action=<Op>}, list members as
 *       {@code Name.member.N}; XML responses {@code <OpResponse><OpResult>...</OpResult>
 *       <ResponseMetadata/></OpResponse>}, timestamps in ISO 8601. What the SDK for Java v2 releases
 *       of 2024 send for CloudWatch.
 * </ul>
 *
 * <p>Operations see one protocol-neutral input tree (query values arrive as strings; timestamps as
 * numbers or ISO 8601 strings) and return an output of {@code Map} (structure, members in order),
 * {@link List}, {@link WireMap}, {@link String}, {@link Number}, {@link Boolean} and {@link Instant}.
 *
 * <p>Errors: operations throw {@link AwsException} whose type is the query error code ({@code
 * InvalidParameterValue}). CBOR and JSON answer {@code {"__type": "<shapeNamespace>#<Shape>",
 * "message": ...}} with {@code x-amzn-query-error: <Code>;Sender}, from which the SDKs recover the
 * query code (JSON also names the shape in {@code X-Amzn-ErrorType}); the query protocol answers
 * {@code <ErrorResponse><Error><Type>Sender</Type><Code>...</Code><Message>...</Message></Error>
 * <RequestId/></ErrorResponse>}. 400 for client errors, 500
 * for the service's fault type, whose text is generic. No stack trace reaches a body.
 */
public final class QueryCompatibleService implements ProtocolFrontEnd {

  private static final Logger LOG = LoggerFactory.getLogger(QueryCompatibleService.class);
  private static final CBORMapper CBOR = new CBORMapper();
  private static final CBORFactory CBOR_FACTORY = new CBORFactory();
  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
  private static final String FORM = "application/x-www-form-urlencoded";

  /**
   * What identifies the service on the wire.
   *
   * @param cliName the AWS CLI's name of the service, e.g. {@code cloudwatch} (a metrics label)
   * @param targetPrefix the JSON target prefix and the CBOR path's service name, e.g. {@code
   *     GraniteServiceVersion20100801}
   * @param shapeNamespace the Smithy namespace of error shapes, e.g. {@code com.amazonaws.cloudwatch}
   * @param xmlNamespace the query protocol's XML namespace
   * @param errorShapes query error code to the error shape's name (codes without a shape are used as
   *     they are)
   * @param faultCode the error code of the service's internal fault (500)
   * @param maxBodyBytes larger bodies are rejected before parsing
   */
  public record Model(String cliName, String targetPrefix, String shapeNamespace, String xmlNamespace,
      Map<String, String> errorShapes, String faultCode, int maxBodyBytes) {
    public Model {
      errorShapes = Map.copyOf(errorShapes);
    }
  }

  /** One operation over the protocol-neutral input tree. */
  @FunctionalInterface
  public interface Operation {
    /** The output structure; throws {@link AwsException} to reject the request. */
    Map<String, Object> handle(JsonNode input);
  }

  private enum Wire { CBOR, JSON, QUERY }

  private final Model model;
  private final Map<String, Operation> operations;

  /** A front end for {@code model} answering {@code operations} by name. */
  public QueryCompatibleService(Model model, Map<String, Operation> operations) {
    this.model = model;
    this.operations = Map.copyOf(operations);
  }

  @Override
  public boolean accepts(AwsRequest req) {
    return wire(req) != null;
  }

  private Wire wire(AwsRequest req) {
    if (req.path().startsWith(cborPrefix())) {
      return Wire.CBOR;
    }
    String target = req.target();
    if (target != null && target.startsWith(model.targetPrefix() + ".")) {
      return Wire.JSON;
    }
    String type = req.header("content-type");
    boolean noTarget = target == null || target.isBlank();
    if (noTarget && req.path().equals("/") && type != null
        && type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
      return Wire.QUERY;
    }
    return null;
  }

  private String cborPrefix() {
    return "/service/" + model.targetPrefix() + "/operation/";
  }

  @Override
  public ApiOutcome answer(AwsRequest req) {
    String requestId = UUID.randomUUID().toString();
    Wire wire = wire(req);
    if (wire == null) {
      wire = Wire.JSON;
    }
    String opName = null;
    try {
      if (req.body().length > model.maxBodyBytes()) {
        throw new AwsException("InvalidParameterValue", "Request body is " + req.body().length
            + " bytes; the limit is " + model.maxBodyBytes() + " bytes.");
      }
      Map<String, String> form = wire == Wire.QUERY ? form(req.body()) : Map.of();
      opName = switch (wire) {
        case CBOR -> req.path().substring(cborPrefix().length());
        case JSON -> req.target().substring(model.targetPrefix().length() + 1).trim();
        case QUERY -> form.get("Action");
      };
      Operation op = opName == null ? null : operations.get(opName);
      if (op == null) {
        throw unknownOperation(wire, opName);
      }
      JsonNode input = switch (wire) {
        case CBOR -> parse(req.body(), true);
        case JSON -> parse(req.body(), false);
        case QUERY -> QueryForms.tree(form);
      };
      return outcome(success(wire, requestId, opName, op.handle(input)), opName, ApiOutcome.OK);
    } catch (AwsException e) {
      return outcome(error(wire, requestId, e), opName, e.errorType());
    } catch (RuntimeException e) {
      LOG.error("Request {} ({}) failed unexpectedly", requestId, opName, e);
      return outcome(error(wire, requestId, new AwsException(model.faultCode(),
          "The server encountered an internal error (request " + requestId + ").")), opName, model.faultCode());
    }
  }

  @Override
  public ApiOutcome refusal(AwsRequest req, AwsException e) {
    Wire wire = wire(req);
    return outcome(error(wire == null ? Wire.JSON : wire, UUID.randomUUID().toString(), e),
        operationName(wire, req), e.errorType());
  }

  /** The outcome labelled with this service and {@code opName} when it is one of its operations. */
  private ApiOutcome outcome(AwsResponse response, String opName, String code) {
    String op = opName != null && operations.containsKey(opName) ? opName : ApiOutcome.UNKNOWN;
    return new ApiOutcome(response, model.cliName(), op, code);
  }

  /** The operation a refused request named, read without failing (null when it names none). */
  private String operationName(Wire wire, AwsRequest req) {
    if (wire == Wire.CBOR) {
      return req.path().substring(cborPrefix().length());
    }
    if (wire == Wire.JSON) {
      return req.target().substring(model.targetPrefix().length() + 1).trim();
    }
    try {
      return req.body().length > model.maxBodyBytes() ? null : form(req.body()).get("Action");
    } catch (AwsException e) {
      return null;
    }
  }

  private static AwsException unknownOperation(Wire wire, String opName) {
    if (wire == Wire.QUERY) {
      return opName == null
          ? new AwsException("MissingAction", "The request must contain the parameter Action.")
          : new AwsException("InvalidAction", "The action " + opName + " is not valid for this web service.");
    }
    return new AwsException("UnknownOperationException", "Unknown operation " + opName + ".");
  }

  private static Map<String, String> form(byte[] body) {
    Map<String, String> out = new TreeMap<>();
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      return out;
    }
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.put(key, value);
      } catch (IllegalArgumentException e) {
        throw new AwsException("MalformedQueryString", "The query string is not valid form encoding.");
      }
    }
    return out;
  }

  private static JsonNode parse(byte[] body, boolean cbor) {
    if (body.length == 0) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode node = cbor ? CBOR.readTree(body) : WharfJson.wire().readTree(body);
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (node instanceof ObjectNode) {
        return node;
      }
      throw new AwsException("SerializationException",
          "The request body must be a " + (cbor ? "CBOR map." : "JSON object."));
    } catch (IOException e) {
      throw new AwsException("SerializationException", cbor ? "Malformed CBOR." : "Malformed JSON.");
    }
  }

  private AwsResponse success(Wire wire, String requestId, String op, Map<String, Object> output) {
    return switch (wire) {
      case CBOR -> respond(200, headers(wire, requestId, null), cbor(output));
      case JSON -> respond(200, headers(wire, requestId, null), json(output));
      case QUERY -> respond(200, headers(wire, requestId, null), xmlSuccess(op, requestId, output));
    };
  }

  private AwsResponse error(Wire wire, String requestId, AwsException e) {
    int status = e.errorType().equals(model.faultCode()) ? 500
        : wire == Wire.CBOR && e.errorType().equals("UnknownOperationException") ? 404 : 400;
    String side = status >= 500 ? "Receiver" : "Sender";
    if (wire == Wire.QUERY) {
      return respond(status, headers(wire, requestId, null), xmlError(requestId, side, e));
    }
    String shape = model.errorShapes().get(e.errorType());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", shape == null ? e.errorType() : model.shapeNamespace() + "#" + shape);
    body.put("message", e.getMessage());
    Map<String, String> headers = headers(wire, requestId, shape == null ? e.errorType() : shape);
    if (shape != null) {
      headers.put("x-amzn-query-error", e.errorType() + ";" + side);
    }
    return respond(status, headers, wire == Wire.CBOR ? cbor(body) : json(body));
  }

  private static Map<String, String> headers(Wire wire, String requestId, String errorType) {
    Map<String, String> headers = new LinkedHashMap<>();
    switch (wire) {
      case CBOR -> {
        headers.put("Content-Type", "application/cbor");
        headers.put("Smithy-Protocol", "rpc-v2-cbor");
      }
      case JSON -> headers.put("Content-Type", "application/x-amz-json-1.0");
      case QUERY -> headers.put("Content-Type", "text/xml");
      default -> throw new IllegalArgumentException("no content type for wire " + wire);
    }
    headers.put("x-amzn-RequestId", requestId);
    if (errorType != null && wire == Wire.JSON) {
      headers.put("X-Amzn-ErrorType", errorType);
    }
    return headers;
  }

  private static AwsResponse respond(int status, Map<String, String> headers, byte[] body) {
    return new AwsResponse(status, headers, body);
  }

  // ---- CBOR and JSON: one walk over the output, timestamps differ ----

  private static byte[] cbor(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator gen = CBOR_FACTORY.createGenerator(out)) {
      write(gen, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write CBOR", e);
    }
    return out.toByteArray();
  }

  private static byte[] json(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = WharfJson.wire().getFactory().createGenerator(out)) {
      write(gen, value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON", e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator gen, Object value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else if (value instanceof Map<?, ?> m) {
      writeFields(gen, m);
    } else if (value instanceof WireMap m) {
      writeFields(gen, m.entries());
    } else if (value instanceof List<?> list) {
      gen.writeStartArray();
      for (Object item : list) {
        write(gen, item);
      }
      gen.writeEndArray();
    } else if (value instanceof String s) {
      gen.writeString(s);
    } else if (value instanceof Boolean b) {
      gen.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Long) {
      gen.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number n) {
      gen.writeNumber(n.doubleValue());
    } else if (value instanceof Instant t) {
      // Smithy timestamps are epoch seconds; CBOR marks them with tag 1 (RFC 8949 section 3.4.2).
      if (gen instanceof CBORGenerator cbor) {
        cbor.writeTag(1);
      }
      gen.writeNumber(epochSeconds(t));
    } else {
      throw new IllegalArgumentException("not an output value: " + value.getClass());
    }
  }

  private static void writeFields(JsonGenerator gen, Map<?, ?> map) throws IOException {
    gen.writeStartObject();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      gen.writeFieldName(e.getKey().toString());
      write(gen, e.getValue());
    }
    gen.writeEndObject();
  }

  private static double epochSeconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  // ---- the query protocol's XML ----

  private byte[] xmlSuccess(String op, String requestId, Map<String, Object> output) {
    return xml(w -> {
      w.writeStartElement(op + "Response");
      w.writeDefaultNamespace(model.xmlNamespace());
      w.writeStartElement(op + "Result");
      writeXmlMembers(w, output);
      w.writeEndElement();
      w.writeStartElement("ResponseMetadata");
      element(w, "RequestId", requestId);
      w.writeEndElement();
      w.writeEndElement();
    });
  }

  private byte[] xmlError(String requestId, String side, AwsException e) {
    return xml(w -> {
      w.writeStartElement("ErrorResponse");
      w.writeDefaultNamespace(model.xmlNamespace());
      w.writeStartElement("Error");
      element(w, "Type", side);
      element(w, "Code", e.errorType());
      element(w, "Message", e.getMessage());
      w.writeEndElement();
      element(w, "RequestId", requestId);
      w.writeEndElement();
    });
  }

  @FunctionalInterface
  private interface XmlBody {
    void write(XMLStreamWriter w) throws XMLStreamException;
  }

  private static byte[] xml(XmlBody body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter w = XML.createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      body.write(w);
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write XML", e);
    }
    return out.toByteArray();
  }

  private static void writeXmlMembers(XMLStreamWriter w, Map<?, ?> structure) throws XMLStreamException {
    for (Map.Entry<?, ?> e : structure.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      w.writeStartElement(e.getKey().toString());
      writeXmlValue(w, e.getValue());
      w.writeEndElement();
    }
  }

  private static void writeXmlValue(XMLStreamWriter w, Object value) throws XMLStreamException {
    if (value instanceof Map<?, ?> m) {
      writeXmlMembers(w, m);
    } else if (value instanceof WireMap m) {
      for (Map.Entry<String, ?> e : m.entries().entrySet()) {
        w.writeStartElement("entry");
        element(w, "key", e.getKey());
        w.writeStartElement("value");
        writeXmlValue(w, e.getValue());
        w.writeEndElement();
        w.writeEndElement();
      }
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        w.writeStartElement("member");
        writeXmlValue(w, item);
        w.writeEndElement();
      }
    } else if (value instanceof Instant t) {
      w.writeCharacters(DateTimeFormatter.ISO_INSTANT.format(t));
    } else {
      w.writeCharacters(value.toString());
    }
  }

  private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text);
    w.writeEndElement();
  }
}
