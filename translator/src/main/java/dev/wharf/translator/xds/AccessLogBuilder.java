package dev.wharf.translator.xds;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery;
import java.util.List;

/**
 * Builds access loggers (spec 57): stdout, TEXT in the format AWS documents (its start is quoted
 * in spec 57) or JSON with the same fields. The path carries the query string only when
 * {@code includeQueryParameters} is ENABLED ({@code %REQ_WITHOUT_QUERY(...)%}, which needs the
 * {@code envoy.formatter.req_without_query} formatter extension). TCP listeners log connection
 * fields instead of request fields.
 */
public final class AccessLogBuilder {
  static final String STDOUT = "envoy.access_loggers.stdout";
  static final String REQ_WITHOUT_QUERY = "envoy.formatter.req_without_query";

  private static final String PATH_WITH_QUERY = "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%";
  private static final String PATH_WITHOUT_QUERY = "%REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)%";

  private AccessLogBuilder() {}

  /** Loggers for an HTTP connection manager; empty when access logs are off. */
  // qualified: two types named AccessLog are used here
  public static List<AccessLog> http(dev.wharf.translator.ir.AccessLog log) {
    if (log == null) {
      return List.of();
    }
    String path = log.includeQueryParameters() ? PATH_WITH_QUERY : PATH_WITHOUT_QUERY;
    // qualified: two types named AccessLog are used here
    SubstitutionFormatString.Builder format = log.format() == dev.wharf.translator.ir.AccessLog.Format.JSON
        ? json(httpFields(path)) : text(httpText(path));
    if (!log.includeQueryParameters()) {
      format.addFormatters(TypedExtensionConfig.newBuilder()
          .setName(REQ_WITHOUT_QUERY)
          .setTypedConfig(Protos.pack(ReqWithoutQuery.getDefaultInstance())));
    }
    return List.of(stdout(format.build()));
  }

  /** Loggers for a tcp_proxy; empty when access logs are off. */
  // qualified: two types named AccessLog are used here
  public static List<AccessLog> tcp(dev.wharf.translator.ir.AccessLog log) {
    if (log == null) {
      return List.of();
    }
    // qualified: two types named AccessLog are used here
    SubstitutionFormatString format = log.format() == dev.wharf.translator.ir.AccessLog.Format.JSON
        ? json(TCP_FIELDS).build() : text(TCP_TEXT).build();
    return List.of(stdout(format));
  }

  /** Spec 57's documented start, then request id, authority and upstream host. */
  private static String httpText(String path) {
    return "[%START_TIME%] \"%REQ(:METHOD)% " + path + " %PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% "
        + "%BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "
        + "\"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" \"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" "
        + "\"%UPSTREAM_HOST%\"\n";
  }

  private static String[][] httpFields(String path) {
    return new String[][] {
      {"start_time", "%START_TIME%"},
      {"method", "%REQ(:METHOD)%"},
      {"path", path},
      {"protocol", "%PROTOCOL%"},
      {"response_code", "%RESPONSE_CODE%"},
      {"response_flags", "%RESPONSE_FLAGS%"},
      {"bytes_received", "%BYTES_RECEIVED%"},
      {"bytes_sent", "%BYTES_SENT%"},
      {"duration", "%DURATION%"},
      {"upstream_service_time", "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%"},
      {"x_forwarded_for", "%REQ(X-FORWARDED-FOR)%"},
      {"user_agent", "%REQ(USER-AGENT)%"},
      {"request_id", "%REQ(X-REQUEST-ID)%"},
      {"authority", "%REQ(:AUTHORITY)%"},
      {"upstream_host", "%UPSTREAM_HOST%"},
    };
  }

  private static final String TCP_TEXT = "[%START_TIME%] %DOWNSTREAM_REMOTE_ADDRESS% %UPSTREAM_HOST% "
      + "%RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %UPSTREAM_CLUSTER%\n";

  private static final String[][] TCP_FIELDS = {
    {"start_time", "%START_TIME%"},
    {"downstream_remote_address", "%DOWNSTREAM_REMOTE_ADDRESS%"},
    {"upstream_host", "%UPSTREAM_HOST%"},
    {"response_flags", "%RESPONSE_FLAGS%"},
    {"bytes_received", "%BYTES_RECEIVED%"},
    {"bytes_sent", "%BYTES_SENT%"},
    {"duration", "%DURATION%"},
    {"upstream_cluster", "%UPSTREAM_CLUSTER%"},
  };

  private static SubstitutionFormatString.Builder text(String format) {
    return SubstitutionFormatString.newBuilder()
        .setTextFormatSource(DataSource.newBuilder().setInlineString(format));
  }

  private static SubstitutionFormatString.Builder json(String[][] fields) {
    Struct.Builder s = Struct.newBuilder();
    for (String[] f : fields) {
      s.putFields(f[0], Value.newBuilder().setStringValue(f[1]).build());
    }
    return SubstitutionFormatString.newBuilder().setJsonFormat(s);
  }

  private static AccessLog stdout(SubstitutionFormatString format) {
    return AccessLog.newBuilder()
        .setName(STDOUT)
        .setTypedConfig(Protos.pack(StdoutAccessLog.newBuilder().setLogFormat(format).build()))
        .build();
  }
}
