package dev.wharf.tests.api;

import static dev.wharf.tests.api.KnownMetrics.CHECKOUT_TO_PAYMENTS;
import static dev.wharf.tests.api.KnownMetrics.NS;
import static dev.wharf.tests.api.KnownMetrics.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * The AWS SDK for Java v2's CloudWatch client (2.25.x, which speaks the query protocol: form POSTs,
 * XML answers) against Wharf: typed responses, typed exceptions, the paginators.
 */
class CloudWatchSdkTest {
  private static CloudWatchEndpoint endpoint;
  private static CloudWatchClient cw;

  @BeforeAll
  static void start() {
    endpoint = new CloudWatchEndpoint(new KnownMetrics());
    cw = Sdk.cloudWatch(endpoint.port());
  }

  @AfterAll
  static void stop() {
    cw.close();
    endpoint.close();
  }

  private static List<Dimension> dims() {
    List<Dimension> out = new ArrayList<>();
    CHECKOUT_TO_PAYMENTS.forEach((k, v) -> out.add(Dimension.builder().name(k).value(v).build()));
    return out;
  }

  @Test
  void getMetricStatisticsAnswersTypedDatapoints() {
    GetMetricStatisticsResponse r = cw.getMetricStatistics(b -> b.namespace(NS).metricName("HTTPCode_Target_5XX_Count")
        .dimensions(dims()).startTime(T0).endTime(T0.plusSeconds(300)).period(60).statistics(Statistic.SUM));
    assertEquals("HTTPCode_Target_5XX_Count", r.label());
    List<Datapoint> points = new ArrayList<>(r.datapoints());
    points.sort(Comparator.comparing(Datapoint::timestamp));
    assertEquals(List.of(12.0, 8.0, 0.0), points.stream().map(Datapoint::sum).toList());
    assertEquals(T0, points.get(0).timestamp());
    assertEquals(StandardUnit.COUNT, points.get(0).unit());

    GetMetricStatisticsResponse p = cw.getMetricStatistics(b -> b.namespace(NS).metricName("TargetResponseTime")
        .dimensions(dims()).startTime(T0).endTime(T0.plusSeconds(120)).period(120).extendedStatistics("p99", "p50"));
    Datapoint merged = p.datapoints().get(0);
    // Two minutes merged: cumulative 90 @5, 150 @10, 185 @25, 194 @50, 198 @100 -> p99 (rank 198) = 100.
    assertEquals(100.0, merged.extendedStatistics().get("p99"), 1e-9);
    // p50 (rank 100) lies in (5, 10]: 5 + 5 * (100 - 90) / 60.
    assertEquals(5 + 5 * 10.0 / 60, merged.extendedStatistics().get("p50"), 1e-9);
  }

  @Test
  void getMetricDataAndListMetricsThroughTheirPaginators() {
    List<MetricDataResult> results = new ArrayList<>();
    cw.getMetricDataPaginator(b -> b.startTime(T0).endTime(T0.plusSeconds(300)).scanBy(ScanBy.TIMESTAMP_ASCENDING)
        .maxDatapoints(1).metricDataQueries(q -> q.id("p99").metricStat(s -> s.period(60).stat("p99")
            .metric(m -> m.namespace(NS).metricName("TargetResponseTime").dimensions(dims())))))
        .forEach((GetMetricDataResponse page) -> results.addAll(page.metricDataResults()));
    assertEquals(2, results.size(), "one datapoint per page");
    assertEquals(StatusCode.PARTIAL_DATA, results.get(0).statusCode());
    assertEquals(List.of(175.0), results.get(0).values());
    assertEquals(List.of(T0), results.get(0).timestamps());
    assertEquals(StatusCode.COMPLETE, results.get(1).statusCode());
    assertEquals(List.of(50.0), results.get(1).values());

    List<Metric> metrics = new ArrayList<>();
    cw.listMetricsPaginator(b -> b.namespace(NS).dimensions(DimensionFilter.builder().name("ServiceName").build()))
        .forEach((ListMetricsResponse page) -> metrics.addAll(page.metrics()));
    assertEquals(5, metrics.size(), metrics.toString());
    assertTrue(metrics.stream().allMatch(m -> m.dimensions().stream().anyMatch(d -> d.name().equals("ServiceName"))));
  }

  @Test
  void badInputRaisesTheModelledExceptions() {
    InvalidParameterValueException period = assertThrows(InvalidParameterValueException.class,
        () -> cw.getMetricStatistics(b -> b.namespace(NS).metricName("RequestCount").startTime(T0)
            .endTime(T0.plusSeconds(60)).period(7).statistics(Statistic.SUM)));
    assertEquals("InvalidParameterValue", period.awsErrorDetails().errorCode());
    assertEquals(400, period.statusCode());
    assertEquals("The parameter Period must be 1, 5, 10, 30, or a multiple of 60.",
        period.awsErrorDetails().errorMessage());
    assertThrows(InvalidParameterCombinationException.class,
        () -> cw.getMetricStatistics(b -> b.namespace(NS).metricName("RequestCount").startTime(T0)
            .endTime(T0.plusSeconds(60)).period(60)));
    MissingRequiredParameterException missing = assertThrows(MissingRequiredParameterException.class,
        () -> cw.getMetricStatistics(b -> b.metricName("RequestCount").startTime(T0)
            .endTime(T0.plusSeconds(60)).period(60).statistics(Statistic.SUM)));
    assertEquals("The parameter Namespace is required.", missing.awsErrorDetails().errorMessage());
  }
}
