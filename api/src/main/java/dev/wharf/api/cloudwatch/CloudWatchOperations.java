package dev.wharf.api.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.metrics.MetricKey;
import dev.wharf.api.metrics.MetricsSource;
import dev.wharf.api.protocol.AwsException;
import dev.wharf.api.protocol.QueryCompatibleService;
import dev.wharf.api.protocol.WireMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * CloudWatch's metric reads over a {@link MetricsSource}, with AWS's validation: {@code
 * GetMetricStatistics}, {@code GetMetricData} (MetricStat queries; metric math is rejected) and
 * {@code ListMetrics}. Reads only: no request changes anything.
 *
 * <p>Periods: a query's periods start at its {@code StartTime} rounded down to a whole minute (or,
 * for periods under a minute, to a multiple of the period), as CloudWatch rounds recent start
 * times, and each holds the source intervals starting in it. Periods without samples are omitted.
 *
 * <p>Error codes per operation follow botocore's {@code cloudwatch} model: {@code
 * MissingParameter}, {@code InvalidParameterValue}, {@code InvalidParameterCombination} for
 * GetMetricStatistics and ListMetrics; GetMetricData answers invalid input with AWS's unmodelled
 * {@code ValidationError} and a bad token with {@code InvalidNextToken}.
 */
public final class CloudWatchOperations {

  /** CloudWatch on the wire: its target prefix, Smithy namespace, XML namespace and error shapes. */
  public static QueryCompatibleService.Model model(int maxBodyBytes) {
    return new QueryCompatibleService.Model("cloudwatch", "GraniteServiceVersion20100801", "com.amazonaws.cloudwatch",
        "http://monitoring.amazonaws.com/doc/2010-08-01/",
        Map.of("InvalidParameterValue", "InvalidParameterValueException",
            "MissingParameter", "MissingRequiredParameterException",
            "InvalidParameterCombination", "InvalidParameterCombinationException",
            "InvalidNextToken", "InvalidNextToken",
            "InternalServiceError", "InternalServiceFault"),
        "InternalServiceError", maxBodyBytes);
  }

  /** GetMetricStatistics answers at most this many periods (AWS's limit). */
  static final int MAX_STATISTICS_DATAPOINTS = 1440;
  /** ListMetrics' page size (AWS's). */
  static final int LIST_PAGE = 500;
  /** GetMetricData's default MaxDatapoints (AWS's). */
  static final int DEFAULT_MAX_DATAPOINTS = 100_800;

  private static final Pattern QUERY_ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
  private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
      "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
      "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
      "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second",
      "None");
  private static final Fields STATS = new Fields("InvalidParameterValue");
  private static final Fields DATA = new Fields("ValidationError");

  private final MetricsSource source;

  /** Operations reading {@code source}. */
  public CloudWatchOperations(MetricsSource source) {
    this.source = source;
  }

  /** The operations by name, for {@link QueryCompatibleService}. */
  public Map<String, QueryCompatibleService.Operation> operations() {
    return Map.of("GetMetricStatistics", this::getMetricStatistics,
        "GetMetricData", this::getMetricData,
        "ListMetrics", this::listMetrics);
  }

  // ---- GetMetricStatistics ----

  Map<String, Object> getMetricStatistics(JsonNode in) {
    Fields f = STATS;
    String namespace = namespace(f, f.required(in, "Namespace", "Namespace"), "Namespace");
    String metricName = name(f, f.required(in, "MetricName", "MetricName"), "MetricName");
    Instant start = f.instant(in, "StartTime", "StartTime");
    Instant end = f.instant(in, "EndTime", "EndTime");
    Long period = f.integer(in, "Period", "Period");
    if (period == null) {
      throw Fields.missing("Period");
    }
    Map<String, String> dimensions = dimensions(f, in, "Dimensions", "Dimensions");
    List<Statistic> stats = new ArrayList<>();
    List<JsonNode> standard = f.list(in, "Statistics", "Statistics");
    List<JsonNode> extended = f.list(in, "ExtendedStatistics", "ExtendedStatistics");
    if (standard.isEmpty() == extended.isEmpty()) {
      throw new AwsException("InvalidParameterCombination",
          "Must specify either Statistics or ExtendedStatistics, but not both.");
    }
    if (standard.size() > 5) {
      throw f.invalid("The collection Statistics must not have more than 5 members.");
    }
    if (extended.size() > 10) {
      throw f.invalid("The collection ExtendedStatistics must not have more than 10 members.");
    }
    for (int i = 0; i < standard.size(); i++) {
      String s = standard.get(i).asText();
      String path = "Statistics.member." + (i + 1);
      stats.add(Statistic.standard(s).orElseThrow(() -> f.invalid("The parameter " + path
          + " must be a value in the set " + Statistic.STANDARD + ".")));
    }
    for (int i = 0; i < extended.size(); i++) {
      String s = extended.get(i).asText();
      String path = "ExtendedStatistics.member." + (i + 1);
      stats.add(Statistic.percentile(s).orElseThrow(() -> f.invalid("The parameter " + path
          + " must be a percentile between p0.0 and p100 (for example p99 or p99.9).")));
    }
    String unit = unit(f, f.text(in, "Unit", "Unit"), "Unit");
    checkPeriod(f, period, "Period");
    checkRange(f, start, end);
    Instant origin = origin(start, period);
    long requested = Math.max(1, (end.getEpochSecond() - origin.getEpochSecond() + period - 1) / period);
    if (requested > MAX_STATISTICS_DATAPOINTS) {
      throw new AwsException("InvalidParameterCombination", "You have requested up to "
          + String.format(Locale.ROOT, "%,d", requested) + " datapoints, which exceeds the limit of 1,440."
          + " You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
    }
    List<Object> datapoints = new ArrayList<>();
    for (Aggregate a : periods(MetricKey.of(namespace, metricName, dimensions), origin, end, period, unit)) {
      datapoints.add(datapoint(a, stats));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Label", metricName);
    out.put("Datapoints", datapoints);
    return out;
  }

  private static Map<String, Object> datapoint(Aggregate a, List<Statistic> stats) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("Timestamp", a.start());
    SortedMap<String, Double> extended = new TreeMap<>();
    // Member order is the model's xmlOrder: SampleCount, Average, Sum, Minimum, Maximum, Unit, ExtendedStatistics.
    for (String name : List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum")) {
      for (Statistic s : stats) {
        if (s.name().equals(name)) {
          s.of(a).ifPresent(v -> d.put(name, v));
        }
      }
    }
    for (Statistic s : stats) {
      if (s.isPercentile()) {
        s.of(a).ifPresent(v -> extended.put(s.name(), v));
      }
    }
    d.put("Unit", a.unit());
    if (!extended.isEmpty()) {
      d.put("ExtendedStatistics", new WireMap(extended));
    }
    return d;
  }

  // ---- GetMetricData ----

  private record Query(String id, String label, MetricKey key, long period, Statistic stat, String unit,
      boolean returnData) {}

  Map<String, Object> getMetricData(JsonNode in) {
    Fields f = DATA;
    List<JsonNode> items = f.list(in, "MetricDataQueries", "MetricDataQueries");
    if (items.isEmpty()) {
      throw Fields.missing("MetricDataQueries");
    }
    Instant start = f.instant(in, "StartTime", "StartTime");
    Instant end = f.instant(in, "EndTime", "EndTime");
    if (items.size() > 500) {
      throw f.invalid("The collection MetricDataQueries must not have more than 500 members.");
    }
    List<Query> queries = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      Query q = query(f, items.get(i), "MetricDataQueries.member." + (i + 1));
      if (!ids.add(q.id())) {
        throw f.invalid("The values for parameter id in MetricDataQueries are not unique.");
      }
      queries.add(q);
    }
    String scanBy = f.text(in, "ScanBy", "ScanBy");
    if (scanBy != null && !scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
      throw f.invalid("1 validation error detected: Value '" + scanBy + "' at 'scanBy' failed to satisfy constraint:"
          + " Member must satisfy enum value set: [TimestampDescending, TimestampAscending]");
    }
    boolean descending = scanBy == null || scanBy.equals("TimestampDescending");
    Long max = f.integer(in, "MaxDatapoints", "MaxDatapoints");
    if (max != null && max < 1) {
      throw f.invalid("The parameter MaxDatapoints must be greater than 0.");
    }
    checkRange(f, start, end);
    String fingerprint = fingerprint(in);
    int offset = offset(f.text(in, "NextToken", "NextToken"), fingerprint, "InvalidNextToken");
    // 100,800 is also the most one page holds.
    long pageSize = max == null ? DEFAULT_MAX_DATAPOINTS : Math.min(max, DEFAULT_MAX_DATAPOINTS);
    return dataPage(queries, start, end, descending, pageSize, offset, fingerprint);
  }

  private Map<String, Object> dataPage(List<Query> queries, Instant start, Instant end, boolean descending,
      long max, int offset, String fingerprint) {
    List<Map<String, Object>> results = new ArrayList<>();
    long seen = 0;
    boolean more = false;
    for (Query q : queries) {
      if (!q.returnData()) {
        continue;
      }
      List<Object> timestamps = new ArrayList<>();
      List<Object> values = new ArrayList<>();
      List<Aggregate> periods = periods(q.key(), origin(start, q.period()), end, q.period(), q.unit());
      if (descending) {
        periods = new ArrayList<>(periods);
        Collections.reverse(periods);
      }
      boolean partial = false;
      for (Aggregate a : periods) {
        OptionalDouble v = q.stat().of(a);
        if (v.isEmpty()) {
          continue;
        }
        long index = seen++;
        if (index < offset) {
          continue;
        }
        if (index >= offset + max) {
          partial = true;
          more = true;
          continue;
        }
        timestamps.add(a.start());
        values.add(v.getAsDouble());
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("Id", q.id());
      r.put("Label", q.label());
      r.put("Timestamps", timestamps);
      r.put("Values", values);
      r.put("StatusCode", partial ? "PartialData" : "Complete");
      results.add(r);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("MetricDataResults", results);
    if (more) {
      out.put("NextToken", token(offset + max, fingerprint));
    }
    out.put("Messages", List.of());
    return out;
  }

  private static Query query(Fields f, JsonNode item, String path) {
    if (!item.isObject()) {
      throw f.invalid("The parameter " + path + " must be a structure.");
    }
    String id = f.required(item, "Id", path + ".Id");
    if (id.length() > 255 || !QUERY_ID.matcher(id).matches()) {
      throw f.invalid("The value " + id + " for parameter " + path + ".Id is not valid: it must start with a"
          + " lowercase letter and contain only letters, numbers and underscores.");
    }
    JsonNode stat = f.object(item, "MetricStat", path + ".MetricStat");
    String expression = f.text(item, "Expression", path + ".Expression");
    if ((stat == null) == (expression == null)) {
      throw f.invalid("The parameter " + path + " must contain either a MetricStat or an Expression, but not both.");
    }
    if (expression != null) {
      throw f.invalid("The parameter " + path + ".Expression is not supported: Wharf answers MetricStat queries"
          + " only (no metric math or Metrics Insights).");
    }
    String statPath = path + ".MetricStat";
    JsonNode metric = f.object(stat, "Metric", statPath + ".Metric");
    if (metric == null) {
      throw Fields.missing(statPath + ".Metric");
    }
    String namespace = namespace(f, f.required(metric, "Namespace", statPath + ".Metric.Namespace"),
        statPath + ".Metric.Namespace");
    String metricName = name(f, f.required(metric, "MetricName", statPath + ".Metric.MetricName"),
        statPath + ".Metric.MetricName");
    Map<String, String> dimensions = dimensions(f, metric, "Dimensions", statPath + ".Metric.Dimensions");
    Long period = f.integer(stat, "Period", statPath + ".Period");
    if (period == null) {
      throw Fields.missing(statPath + ".Period");
    }
    checkPeriod(f, period, statPath + ".Period");
    String statName = f.required(stat, "Stat", statPath + ".Stat");
    Statistic statistic = Statistic.parse(statName).orElseThrow(() -> f.invalid("The value " + statName
        + " for parameter " + statPath + ".Stat is not a valid statistic: use one of " + Statistic.STANDARD
        + " or a percentile such as p99."));
    String unit = unit(f, f.text(stat, "Unit", statPath + ".Unit"), statPath + ".Unit");
    String label = f.text(item, "Label", path + ".Label");
    Boolean returnData = f.bool(item, "ReturnData", path + ".ReturnData");
    return new Query(id, label == null ? metricName : label, MetricKey.of(namespace, metricName, dimensions),
        period, statistic, unit, returnData == null || returnData);
  }

  // ---- ListMetrics ----

  Map<String, Object> listMetrics(JsonNode in) {
    Fields f = STATS;
    String namespace = f.text(in, "Namespace", "Namespace");
    if (namespace != null) {
      namespace(f, namespace, "Namespace");
    }
    String metricName = f.text(in, "MetricName", "MetricName");
    if (metricName != null) {
      name(f, metricName, "MetricName");
    }
    List<JsonNode> filters = f.list(in, "Dimensions", "Dimensions");
    if (filters.size() > 10) {
      throw f.invalid("The collection Dimensions must not have more than 10 members.");
    }
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < filters.size(); i++) {
      String path = "Dimensions.member." + (i + 1);
      JsonNode filter = filters.get(i);
      String name = name(f, f.required(filter, "Name", path + ".Name"), path + ".Name");
      String value = f.text(filter, "Value", path + ".Value");
      if (value != null) {
        checkLength(f, value, 1, 1024, path + ".Value");
      }
      wanted.put(name, value);
    }
    String recent = f.text(in, "RecentlyActive", "RecentlyActive");
    if (recent != null && !recent.equals("PT3H")) {
      throw f.invalid("The parameter RecentlyActive must be a value in the set [PT3H].");
    }
    String fingerprint = fingerprint(in);
    int offset = offset(f.text(in, "NextToken", "NextToken"), fingerprint, "InvalidParameterValue");
    List<Object> metrics = new ArrayList<>();
    int matched = 0;
    boolean more = false;
    for (MetricKey key : source.series()) {
      if (!matches(key, namespace, metricName, wanted)) {
        continue;
      }
      if (matched++ < offset) {
        continue;
      }
      if (metrics.size() == LIST_PAGE) {
        more = true;
        break;
      }
      metrics.add(metric(key));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Metrics", metrics);
    if (more) {
      out.put("NextToken", token(offset + LIST_PAGE, fingerprint));
    }
    return out;
  }

  private static boolean matches(MetricKey key, String namespace, String metricName, Map<String, String> wanted) {
    if (namespace != null && !key.namespace().equals(namespace)) {
      return false;
    }
    if (metricName != null && !key.metricName().equals(metricName)) {
      return false;
    }
    for (Map.Entry<String, String> w : wanted.entrySet()) {
      String have = key.dimensions().get(w.getKey());
      if (have == null || (w.getValue() != null && !w.getValue().equals(have))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> metric(MetricKey key) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Namespace", key.namespace());
    m.put("MetricName", key.metricName());
    List<Object> dims = new ArrayList<>();
    key.dimensions().forEach((name, value) -> {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("Name", name);
      d.put("Value", value);
      dims.add(d);
    });
    m.put("Dimensions", dims);
    return m;
  }

  // ---- shared ----

  private List<Aggregate> periods(MetricKey key, Instant origin, Instant end, long period, String unit) {
    List<Aggregate> out = new ArrayList<>();
    for (Aggregate a : Aggregate.byPeriod(source.datapoints(key, origin, end), origin, period)) {
      if (unit == null || unit.equals(a.unit())) {
        out.add(a);
      }
    }
    return out;
  }

  /** The start of a query's first period: StartTime rounded down to a whole minute, or to the period under it. */
  static Instant origin(Instant start, long period) {
    long grain = Math.min(period, 60);
    return Instant.ofEpochSecond(Math.floorDiv(start.getEpochSecond(), grain) * grain);
  }

  private static void checkRange(Fields f, Instant start, Instant end) {
    if (start.equals(end)) {
      throw f.invalid("The parameter StartTime must not equal parameter EndTime.");
    }
    if (start.isAfter(end)) {
      throw f.invalid("The parameter StartTime must be less than the parameter EndTime.");
    }
  }

  private static void checkPeriod(Fields f, long period, String path) {
    if (period < 1) {
      throw f.invalid("The parameter " + path + " must be greater than 0.");
    }
    if (period != 1 && period != 5 && period != 10 && period != 30 && period % 60 != 0) {
      throw f.invalid("The parameter " + path + " must be 1, 5, 10, 30, or a multiple of 60.");
    }
  }

  private static String namespace(Fields f, String namespace, String path) {
    checkLength(f, namespace, 1, 255, path);
    if (namespace.startsWith(":")) {
      throw f.invalid("The parameter " + path + " must not start with ':'.");
    }
    return namespace;
  }

  private static String name(Fields f, String name, String path) {
    checkLength(f, name, 1, 255, path);
    return name;
  }

  private static void checkLength(Fields f, String value, int min, int max, String path) {
    if (value.length() < min || value.length() > max) {
      throw f.invalid("The parameter " + path + " must be between " + min + " and " + max + " characters long.");
    }
  }

  private static String unit(Fields f, String unit, String path) {
    if (unit != null && !UNITS.contains(unit)) {
      throw f.invalid("The parameter " + path + " must be a value in the set " + new TreeSet<>(UNITS) + ".");
    }
    return unit;
  }

  private static Map<String, String> dimensions(Fields f, JsonNode parent, String name, String path) {
    List<JsonNode> items = f.list(parent, name, path);
    if (items.size() > 30) {
      throw f.invalid("The collection " + path + " must not have more than 30 members.");
    }
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      String p = path + ".member." + (i + 1);
      String dimName = name(f, f.required(items.get(i), "Name", p + ".Name"), p + ".Name");
      String value = f.required(items.get(i), "Value", p + ".Value");
      checkLength(f, value, 1, 1024, p + ".Value");
      if (out.put(dimName, value) != null) {
        throw new AwsException("InvalidParameterCombination", "The collection " + path
            + " must not contain duplicate dimension names (" + dimName + ").");
      }
    }
    return out;
  }

  /** Identifies a request apart from its NextToken, so that a token is only good for the request it came from. */
  private static String fingerprint(JsonNode in) {
    JsonNode copy = in.deepCopy();
    if (copy instanceof ObjectNode o) {
      o.remove("NextToken");
      o.remove("MaxDatapoints");
    }
    return Integer.toHexString(copy.toString().hashCode());
  }

  private static String token(long offset, String fingerprint) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((offset + ":" + fingerprint).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String token, String fingerprint, String errorCode) {
    if (token == null) {
      return 0;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 2);
      int offset = Integer.parseInt(parts[0]);
      if (parts.length == 2 && parts[1].equals(fingerprint) && offset >= 0) {
        return offset;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw new AwsException(errorCode, "The NextToken " + token + " is not valid for this request.");
  }
}
