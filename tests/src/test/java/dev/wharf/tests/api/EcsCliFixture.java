package dev.wharf.tests.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.AwsCli;
import dev.wharf.tests.harness.Mesh;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shared set-up of {@link EcsCliTest}: one Wharf, the real AWS CLI, and the scenario's resources
 * (cluster {@code shop} with default namespace {@code shop-ns}, cluster {@code spare}, task
 * definitions {@code api:1} and {@code web}, services {@code api} and client-only {@code web}, one
 * running {@code api} task). Each is made through the CLI on first use and remembered with the reply,
 * so a test asks for what it needs and can also run alone.
 */
final class EcsCliFixture implements AutoCloseable {
  static final String ACCT = "000000000000";
  static final String ECS = "arn:aws:ecs:us-east-1:" + ACCT + ":";
  static final String CONTAINERS = "[{\"name\":\"app\",\"image\":\"wharf/demo-app\",\"essential\":true,"
      + "\"portMappings\":[{\"name\":\"api\",\"containerPort\":8080,\"protocol\":\"tcp\",\"appProtocol\":\"http\"}]}]";
  /** The CLI's shorthand for the {@code networkConfiguration} of the awsvpc services. */
  static final String NETWORK = "awsvpcConfiguration={subnets=[subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002],"
      + "securityGroups=[sg-0a1b2c3d4e5f60001],assignPublicIp=DISABLED}";

  final Mesh mesh;
  final AwsCli aws;
  private JsonNode shop;
  private boolean spare;
  private JsonNode apiTaskDefinition;
  private boolean webTaskDefinition;
  private JsonNode apiService;
  private boolean webService;
  private Mesh.Task task;

  EcsCliFixture() {
    mesh = Mesh.start();
    aws = new AwsCli(mesh.controlPlane().apiPort());
  }

  /** CreateCluster {@code shop} with {@code serviceConnectDefaults} {@code shop-ns} and a tag: the reply's cluster. */
  JsonNode shop() {
    if (shop == null) {
      shop = aws.ok("ecs", "create-cluster", "--cluster-name", "shop",
          "--service-connect-defaults", "namespace=shop-ns", "--tags", "key=team,value=core").path("cluster");
    }
    return shop;
  }

  /** The ARN of {@code shop-ns}, the namespace CreateCluster made. */
  String nsArn() {
    return shop().at("/serviceConnectDefaults/namespace").asText();
  }

  String nsId() {
    return nsArn().substring(nsArn().lastIndexOf('/') + 1);
  }

  /** CreateCluster {@code spare}, with nothing else. */
  void spare() {
    if (!spare) {
      aws.ok("ecs", "create-cluster", "--cluster-name", "spare");
      spare = true;
    }
  }

  /** RegisterTaskDefinition {@code api} (awsvpc, port {@code api} 8080 http): the reply's task definition. */
  JsonNode apiTaskDefinition() {
    if (apiTaskDefinition == null) {
      apiTaskDefinition = aws.ok("ecs", "register-task-definition", "--family", "api", "--network-mode", "awsvpc",
          "--requires-compatibilities", "FARGATE", "--cpu", "256", "--memory", "512",
          "--container-definitions", CONTAINERS).path("taskDefinition");
    }
    return apiTaskDefinition;
  }

  /** RegisterTaskDefinition {@code web} (awsvpc, no ports). */
  void webTaskDefinition() {
    if (!webTaskDefinition) {
      aws.ok("ecs", "register-task-definition", "--family", "web", "--network-mode", "awsvpc", "--cpu", "256",
          "--memory", "512", "--container-definitions",
          "[{\"name\":\"web\",\"image\":\"wharf/demo-app\",\"essential\":true}]");
      webTaskDefinition = true;
    }
  }

  /** CreateService {@code api} (1 task, FARGATE, {@link #NETWORK}, alias {@code api:8080}): the reply's service. */
  JsonNode apiService() {
    if (apiService == null) {
      shop();
      apiTaskDefinition();
      String sc = "{\"enabled\":true,\"services\":[{\"portName\":\"api\",\"discoveryName\":\"api\","
          + "\"clientAliases\":[{\"port\":8080,\"dnsName\":\"api\"}]}]}";
      apiService = aws.ok("ecs", "create-service", "--cluster", "shop", "--service-name", "api",
          "--task-definition", "api:1", "--desired-count", "1", "--launch-type", "FARGATE",
          "--network-configuration", NETWORK, "--service-connect-configuration", sc,
          "--tags", "key=tier,value=backend").path("service");
    }
    return apiService;
  }

  /** The first deployment of {@link #apiService()} as CreateService returned it. */
  JsonNode apiDeployment() {
    return apiService().at("/deployments/0");
  }

  /** The Cloud Map service ARN ECS made for discovery name {@code api}. */
  String discoveryArn() {
    return apiDeployment().at("/serviceConnectResources/0/discoveryArn").asText();
  }

  /** CreateService {@code web}: client-only in {@code shop-ns}, no tasks. */
  void webService() {
    if (!webService) {
      shop();
      webTaskDefinition();
      aws.ok("ecs", "create-service", "--cluster", "shop", "--service-name", "web", "--task-definition", "web",
          "--desired-count", "0", "--network-configuration", NETWORK,
          "--service-connect-configuration", "{\"enabled\":true,\"namespace\":\"shop-ns\"}");
      webService = true;
    }
  }

  /** A task of {@code api} with its real Envoy sidecar, once ListTasks lists it. */
  Mesh.Task task() {
    if (task == null) {
      apiService();
      task = mesh.task("shop", "api", 41, 1, 8080);
      String taskArn = ECS + "task/shop/" + task.id();
      Await.until(Duration.ofSeconds(20), "the task is listed", () -> strings(aws.ok("ecs", "list-tasks",
          "--cluster", "shop", "--service-name", "api").path("taskArns")).contains(taskArn));
    }
    return task;
  }

  String taskArn() {
    return ECS + "task/shop/" + task().id();
  }

  static Set<String> strings(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<String> list(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static Map<String, String> tags(JsonNode reply) {
    Map<String, String> tags = new HashMap<>();
    reply.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    return tags;
  }

  @Override
  public void close() {
    mesh.close();
  }
}
