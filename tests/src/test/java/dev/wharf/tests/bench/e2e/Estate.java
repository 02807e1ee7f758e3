package dev.wharf.tests.bench.e2e;

import dev.wharf.bootstrap.LoopbackSlot;
import dev.wharf.bootstrap.NodeIdentity;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.OperationStatus;

/**
 * The benchmark's estate, created through the real AWS API with the AWS SDK for Java v2: one Cloud
 * Map HTTP namespace {@code bench}, one ECS cluster {@code bench}, and services {@code svc-0000},
 * {@code svc-0001}, ... Each service has its own awsvpc task definition (family = service name, one
 * container with port mapping {@code http}: 8080/tcp, appProtocol http) and is a Service Connect
 * client-server service with discovery name = DNS name = its own name and one client alias on port
 * 8080. Names are deterministic, so {@link Expectation} and {@link Fleet} derive them by index.
 */
final class Estate implements AutoCloseable {
  static final String NAMESPACE = "bench";
  static final String CLUSTER = "bench";
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "000000000000";
  static final int PORT = 8080;

  private final EcsClient ecs;
  private final ServiceDiscoveryClient cloudMap;

  Estate(int apiPort) {
    URI endpoint = URI.create("http://127.0.0.1:" + apiPort);
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "secret"));
    ecs = EcsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
        .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(120)).build())
        .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())).build();
    cloudMap = ServiceDiscoveryClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(120)).build())
        .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())).build();
  }

  /** {@code svc-0042}: the service, its task definition family, discovery name and DNS name. */
  static String serviceName(int i) {
    return String.format("svc-%04d", i);
  }

  static String discoveryName(int i) {
    return serviceName(i);
  }

  /** The egress listener (and route) name of service {@code i}'s alias. */
  static String egressListener(int i) {
    return "egress/" + serviceName(i) + ":" + PORT;
  }

  /** The ingress listener name of service {@code i}'s tasks. */
  static String ingressListener(int i) {
    return "ingress/" + discoveryName(i);
  }

  /**
   * The node identity of task {@code task} of service {@code service}: task id = 32 hex digits of the
   * two indices, availability zone us-east-1a. awsvpc: ingress address
   * {@code 10.(1 + service / 256).(service % 256).(task + 1)}, app address 127.0.0.1. loopback: slot
   * {@code (service + 1).(task + 1)} with its 127.1/127.2 addresses (so at most 255 services and 255
   * tasks per service).
   */
  static NodeIdentity identity(int service, int task, String layout) {
    String taskId = String.format("%08x%024x", service, task);
    if (layout.equals("loopback")) {
      LoopbackSlot slot = new LoopbackSlot(service + 1, task + 1);
      return new NodeIdentity(REGION, ACCOUNT, CLUSTER, serviceName(service), taskId, layout, slot.ingressIp(),
          slot.appIp(), slot.toString(), "us-east-1a");
    }
    String ingress = "10." + (1 + service / 256) + "." + (service % 256) + "." + (task + 1);
    return new NodeIdentity(REGION, ACCOUNT, CLUSTER, serviceName(service), taskId, layout, ingress, "127.0.0.1",
        null, "us-east-1a");
  }

  /** Creates the namespace and the cluster, and waits for the namespace operation. */
  void createBase() throws InterruptedException {
    String op = cloudMap.createHttpNamespace(r -> r.name(NAMESPACE)).operationId();
    for (int i = 0; i < 300; i++) {
      OperationStatus s = cloudMap.getOperation(r -> r.operationId(op)).operation().status();
      if (s == OperationStatus.SUCCESS) {
        break;
      }
      if (s == OperationStatus.FAIL) {
        throw new IllegalStateException("CreateHttpNamespace failed");
      }
      Thread.sleep(100);
    }
    ecs.createCluster(r -> r.clusterName(CLUSTER).serviceConnectDefaults(d -> d.namespace(NAMESPACE)));
  }

  /** Registers service {@code i}'s task definition. */
  void registerTaskDefinition(int i) {
    ecs.registerTaskDefinition(r -> r.family(serviceName(i)).networkMode(NetworkMode.AWSVPC)
        .requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
        .containerDefinitions(c -> c.name("app").image("wharf/demo-app").essential(true)
            .portMappings(p -> p.name("http").containerPort(PORT).protocol(TransportProtocol.TCP)
                .appProtocol(ApplicationProtocol.HTTP))));
  }

  /** Creates service {@code i} (its task definition must exist) with {@code desiredCount} tasks. */
  void createService(int i, int desiredCount) {
    String name = serviceName(i);
    ecs.createService(r -> r.cluster(CLUSTER).serviceName(name).taskDefinition(name).desiredCount(desiredCount)
        .launchType("FARGATE")
        .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-0bench").assignPublicIp(
            AssignPublicIp.DISABLED)))
        .serviceConnectConfiguration(sc -> sc.enabled(true).namespace(NAMESPACE).services(s -> s.portName("http")
            .discoveryName(name).clientAliases(a -> a.port(PORT).dnsName(name)))));
  }

  /** The sum of runningCount over services {@code 0..s-1} (DescribeServices, 10 at a time). */
  int running(int s) {
    int sum = 0;
    for (int from = 0; from < s; from += 10) {
      List<String> names = new ArrayList<>();
      for (int i = from; i < Math.min(s, from + 10); i++) {
        names.add(serviceName(i));
      }
      for (Service svc : ecs.describeServices(r -> r.cluster(CLUSTER).services(names)).services()) {
        sum += svc.runningCount();
      }
    }
    return sum;
  }

  @Override
  public void close() {
    ecs.close();
    cloudMap.close();
  }
}
