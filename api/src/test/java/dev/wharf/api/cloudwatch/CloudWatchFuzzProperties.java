package dev.wharf.api.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import dev.wharf.api.WharfApi;
import dev.wharf.api.protocol.ApiOptions;
import dev.wharf.api.protocol.AwsJsonService;
import dev.wharf.api.protocol.AwsRequest;
import dev.wharf.api.protocol.AwsResponse;
import dev.wharf.api.state.InMemoryStateStore;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Whatever arrives in any of CloudWatch's protocols, the answer is a 4xx with a body, never a 5xx. */
class CloudWatchFuzzProperties {
  private final AwsJsonService api =
      WharfApi.create(new InMemoryStateStore(), Clock.systemUTC(), ApiOptions.defaults(), new SeriesSource());

  private void check(AwsResponse r) {
    assertTrue(r.status() == 200 || (r.status() >= 400 && r.status() < 500), r.status() + " " + r.bodyText());
    assertTrue(r.body().length > 0);
    assertTrue(!r.bodyText().contains("Exception:") && !r.bodyText().contains("\tat "), r.bodyText());
  }

  @Property(tries = 300)
  void anyBytesInAnyProtocol(@ForAll @Size(max = 200) byte[] body) {
    for (String op : new String[] {"GetMetricStatistics", "GetMetricData", "ListMetrics"}) {
      check(api.handle(new AwsRequest("", body, Map.of(), "/service/GraniteServiceVersion20100801/operation/" + op)));
      check(api.handle(new AwsRequest("GraniteServiceVersion20100801." + op, body, Map.of())));
    }
    check(api.handle(new AwsRequest("", body, Map.of("Content-Type", "application/x-www-form-urlencoded"), "/")));
  }

  @Property(tries = 300)
  void anyQueryParameters(@ForAll @StringLength(max = 40) String key, @ForAll @StringLength(max = 40) String value) {
    for (String op : new String[] {"GetMetricStatistics", "GetMetricData", "ListMetrics"}) {
      String form = "Action=" + op + "&" + key + "=" + value + "&StartTime=" + value + "&Period=" + value;
      check(api.handle(new AwsRequest("", form.getBytes(StandardCharsets.UTF_8),
          Map.of("Content-Type", "application/x-www-form-urlencoded"), "/")));
    }
  }
}
