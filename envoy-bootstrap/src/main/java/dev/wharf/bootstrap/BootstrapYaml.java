package dev.wharf.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders a bootstrap as the YAML Envoy reads with {@code -c}: proto3 JSON with the .proto field names
 * (field order by field number, .proto, map keys sorted) turned into block YAML. Output is byte-stable:
 * LF line ends, a final newline, no document marker, no timestamps. Thread-safe.
 */
public final class BootstrapYaml {

  /** Every type packed into an {@code Any} by {@link BootstrapBuilder}. */
  public static final JsonFormat.TypeRegistry TYPES =
      JsonFormat.TypeRegistry.newBuilder()
          .add(HttpProtocolOptions.getDescriptor())
          .add(DownstreamConnectionsConfig.getDescriptor())
          .add(HttpConnectionManager.getDescriptor())
          .add(Router.getDescriptor())
          .add(UpstreamTlsContext.getDescriptor())
          .build();

  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().usingTypeRegistry(TYPES).preservingProtoFieldNames().sortingMapKeys();

  private static final ObjectMapper JSON_READER = new ObjectMapper();

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  private BootstrapYaml() {}

  /**
   * Renders {@code bootstrap} as YAML.
   *
   * @throws IllegalStateException if the bootstrap packs an {@code Any} type missing from {@link
   *     #TYPES}
   */
  public static String render(Bootstrap bootstrap) {
    try {
      JsonNode tree = JSON_READER.readTree(JSON.print(bootstrap));
      String yaml = YAML.writeValueAsString(integralNumbers(tree));
      yaml = yaml.replace("\r\n", "\n");
      return yaml.endsWith("\n") ? yaml : yaml + "\n";
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("bootstrap has an Any type unknown to BootstrapYaml.TYPES", e);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render bootstrap as YAML", e);
    }
  }

  /**
   * proto3 JSON prints every {@code google.protobuf.Value} number as a double ({@code 1000.0});
   * whole numbers are written as integers, which Envoy's runtime reads the same way.
   */
  private static JsonNode integralNumbers(JsonNode node) {
    if (node.isDouble() && node.doubleValue() == Math.rint(node.doubleValue())
        && Math.abs(node.doubleValue()) < 1e15) {
      return LongNode.valueOf((long) node.doubleValue());
    }
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        field.setValue(integralNumbers(field.getValue()));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, integralNumbers(array.get(i)));
      }
    }
    return node;
  }
}
