package dev.wharf.tests.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.http.conn.DnsResolver;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * The AWS SDK for Java v2 pointed at Wharf as a user would: {@code endpointOverride}, static
 * credentials, region us-east-1, and {@code SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION}
 * for Cloud Map's DiscoverInstances ({@code data-} host prefix). Retries are off, so an error
 * surfaces on the first answer.
 */
final class Sdk {
  static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "secret");

  private Sdk() {}

  static URI endpoint(int apiPort) {
    return URI.create("http://127.0.0.1:" + apiPort);
  }

  static SdkHttpClient http() {
    return ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build();
  }

  static EcsClient ecs(int apiPort) {
    return ecs(apiPort, CREDENTIALS);
  }

  static EcsClient ecs(int apiPort, AwsBasicCredentials credentials) {
    return EcsClient.builder()
        .endpointOverride(endpoint(apiPort))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .httpClient(http())
        .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
        .build();
  }

  static CloudWatchClient cloudWatch(int apiPort) {
    return CloudWatchClient.builder()
        .endpointOverride(endpoint(apiPort))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
        .httpClient(http())
        .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
        .build();
  }

  static ServiceDiscoveryClient cloudMap(int apiPort) {
    return ServiceDiscoveryClient.builder()
        .endpointOverride(endpoint(apiPort))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
        .httpClient(http())
        .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())
            .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .build();
  }

  /**
   * A Cloud Map client that keeps the {@code data-} host prefix, against {@code http://localhost:<port>},
   * whose HTTP client resolves {@code data-localhost} to 127.0.0.1 (what an /etc/hosts line does);
   * {@code resolved} records every name it was asked for.
   */
  static ServiceDiscoveryClient cloudMapWithHostPrefix(int apiPort, List<String> resolved) {
    return cloudMapWithHostPrefix(apiPort, resolved, CREDENTIALS);
  }

  /** The same, signing with {@code credentials}. */
  static ServiceDiscoveryClient cloudMapWithHostPrefix(int apiPort, List<String> resolved,
      AwsBasicCredentials credentials) {
    DnsResolver dns = new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        resolved.add(host);
        if (host.equals("data-localhost")) {
          return new InetAddress[] {InetAddress.getLoopbackAddress()};
        }
        return SystemDefaultDnsResolver.INSTANCE.resolve(host);
      }
    };
    return ServiceDiscoveryClient.builder()
        .endpointOverride(URI.create("http://localhost:" + apiPort))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .httpClient(ApacheHttpClient.builder().dnsResolver(dns).build())
        .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
        .build();
  }

  static List<String> names() {
    return new CopyOnWriteArrayList<>();
  }
}
