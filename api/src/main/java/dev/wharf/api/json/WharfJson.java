package dev.wharf.api.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The two Jackson configurations Wharf uses. Both omit nulls ({@code NON_NULL}), sort map entries
 * and ignore unknown members when reading.
 *
 * <ul>
 *   <li>{@link #store()}: the stored form of records (H2 rows). Round-trips every record exactly.
 *   <li>{@link #wire()}: the AWS JSON 1.1 form. Strict about types when reading (no coercion of
 *       {@code "1"} to a number, of numbers to strings, of floats to integers), so that a request with
 *       a wrong type is rejected as {@code SerializationException}. Timestamps (the only doubles in
 *       the models) are written as plain epoch seconds, e.g. {@code 1716000000.123}, never in
 *       exponent form.
 * </ul>
 *
 * <p>Both mappers are thread-safe and shared.
 */
public final class WharfJson {

  private static final ObjectMapper STORE = base().build();
  private static final ObjectMapper WIRE = strict(base()).build();

  private WharfJson() {}

  /** The mapper for stored rows. */
  public static ObjectMapper store() {
    return STORE;
  }

  /** The mapper for AWS JSON 1.1 request and response bodies. */
  public static ObjectMapper wire() {
    return WIRE;
  }

  private static JsonMapper.Builder base() {
    return JsonMapper.builder()
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
        .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
  }

  private static JsonMapper.Builder strict(JsonMapper.Builder b) {
    b.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
        .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
        .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
        .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
        .addModule(new SimpleModule("wharf-wire").addSerializer(Double.class, new PlainDouble()))
        .addMixIn(DiscoveryService.class, StoredOnlyDiscoveryServiceMembers.class);
    b.withCoercionConfig(LogicalType.Textual, c -> {
      c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
      c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
      c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    });
    b.withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
    return b;
  }

  /** Members of a stored {@link DiscoveryService} that no AWS shape has: never on the wire. */
  @JsonIgnoreProperties({"InstancesRevision"})
  private abstract static class StoredOnlyDiscoveryServiceMembers {}

  /** Writes a double as a plain decimal (epoch seconds with millisecond precision). */
  private static final class PlainDouble extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    PlainDouble() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value.isNaN() || value.isInfinite()) {
        gen.writeNumber(0);
        return;
      }
      gen.writeNumber(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
    }
  }
}
