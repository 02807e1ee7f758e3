package dev.wharf.translator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import dev.wharf.translator.xds.XdsTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Renders translator output as stable YAML: IR records via Jackson, protos via JsonFormat. */
final class Render {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .registerModule(new SimpleModule().addSerializer(Duration.class, new DurationSerializer()));
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(XdsTypes.registry());

  private Render() {}

  /** Any Jackson-serializable value (IR records, problems, hosts) as YAML. */
  static String yaml(Object value) {
    try {
      return YAML.writeValueAsString(value).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code group -> [resource...]} as YAML, each resource printed by JsonFormat. */
  static <T> String protos(Map<String, T> groups, Function<T, List<? extends Message>> pick) {
    ObjectNode root = JSON.createObjectNode();
    groups.forEach((key, group) -> {
      ArrayNode list = root.putArray(key);
      pick.apply(group).forEach(m -> list.add(json(m)));
    });
    return yaml(root);
  }

  static JsonNode json(Message m) {
    try {
      return JSON.readTree(PRINTER.print(m));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("no type registered for an Any in " + m.getClass(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Durations as Envoy writes them: {@code 15s}, {@code 0.500s}. */
  private static final class DurationSerializer extends StdSerializer<Duration> {
    DurationSerializer() {
      super(Duration.class);
    }

    @Override
    public void serialize(Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeString(Durations.toString(
          Durations.fromMillis(d.toMillis())));
    }
  }
}
