package dev.wharf.api.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.json.WharfJson;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.ecs.TaskLifecycle;
import dev.wharf.api.ecs.TaskRegistration;
import dev.wharf.api.testing.ApiHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Throws random and mutated requests at every operation through {@link AwsJsonService}, on a state
 * with a namespace, services, a Service Connect service and a running task, and checks the contract
 * for bad input: never a 5xx, never a stack trace or Java class name in a body, and a rejected call
 * leaves the state untouched (the very same {@link MeshState} instance).
 */
class RequestFuzzProperties {

  /** A valid body per operation (placeholders NSID and SRVID), the seeds the mutations start from. */
  static final Map<String, String> SEEDS = new LinkedHashMap<>();

  static {
    String cm = ApiHarness.CLOUD_MAP;
    String ecs = ApiHarness.ECS;
    SEEDS.put(cm + "CreateHttpNamespace", "{'Name':'staging','Description':'d','Tags':[{'Key':'k','Value':'v'}]}");
    SEEDS.put(cm + "GetNamespace", "{'Id':'NSID'}");
    SEEDS.put(cm + "ListNamespaces",
        "{'MaxResults':2,'Filters':[{'Name':'NAME','Values':['pr'],'Condition':'BEGINS_WITH'}]}");
    SEEDS.put(cm + "DeleteNamespace", "{'Id':'NSID'}");
    SEEDS.put(cm + "UpdateHttpNamespace", "{'Id':'NSID','Namespace':{'Description':'x'}}");
    SEEDS.put(cm + "CreateService",
        "{'Name':'web','NamespaceId':'NSID','HealthCheckCustomConfig':{'FailureThreshold':1}}");
    SEEDS.put(cm + "GetService", "{'Id':'SRVID'}");
    SEEDS.put(cm + "ListServices", "{'Filters':[{'Name':'NAMESPACE_ID','Values':['NSID']}]}");
    SEEDS.put(cm + "DeleteService", "{'Id':'SRVID'}");
    SEEDS.put(cm + "UpdateService", "{'Id':'SRVID','Service':{'Description':'x'}}");
    SEEDS.put(cm + "RegisterInstance",
        "{'ServiceId':'SRVID','InstanceId':'i-1','Attributes':{'AWS_INSTANCE_IPV4':'10.0.0.1'}}");
    SEEDS.put(cm + "DeregisterInstance", "{'ServiceId':'SRVID','InstanceId':'t1'}");
    SEEDS.put(cm + "GetInstance", "{'ServiceId':'SRVID','InstanceId':'t1'}");
    SEEDS.put(cm + "ListInstances", "{'ServiceId':'SRVID','MaxResults':1}");
    SEEDS.put(cm + "DiscoverInstances", "{'NamespaceName':'prod','ServiceName':'payments','MaxResults':5,"
        + "'QueryParameters':{'ECS_CLUSTER_NAME':'prod'},'HealthStatus':'ALL'}");
    SEEDS.put(cm + "DiscoverInstancesRevision", "{'NamespaceName':'prod','ServiceName':'payments'}");
    SEEDS.put(cm + "GetInstancesHealthStatus", "{'ServiceId':'SRVID','Instances':['t1']}");
    SEEDS.put(cm + "UpdateInstanceCustomHealthStatus", "{'ServiceId':'SRVID','InstanceId':'t1','Status':'HEALTHY'}");
    SEEDS.put(cm + "GetOperation", "{'OperationId':'nope'}");
    SEEDS.put(cm + "ListOperations", "{'Filters':[{'Name':'STATUS','Values':['SUCCESS','PENDING'],'Condition':'IN'}]}");
    SEEDS.put(cm + "TagResource", "{'ResourceARN':'NSARN','Tags':[{'Key':'a','Value':'b'}]}");
    SEEDS.put(cm + "UntagResource", "{'ResourceARN':'NSARN','TagKeys':['a']}");
    SEEDS.put(cm + "ListTagsForResource", "{'ResourceARN':'NSARN'}");
    SEEDS.put(ecs + "CreateCluster",
        "{'clusterName':'c2','serviceConnectDefaults':{'namespace':'prod'},'tags':[{'key':'a','value':'b'}]}");
    SEEDS.put(ecs + "UpdateCluster", "{'cluster':'prod','serviceConnectDefaults':{'namespace':''}}");
    SEEDS.put(ecs + "DescribeClusters", "{'clusters':['prod','x'],'include':['ATTACHMENTS','TAGS']}");
    SEEDS.put(ecs + "ListClusters", "{'maxResults':1}");
    SEEDS.put(ecs + "DeleteCluster", "{'cluster':'prod'}");
    SEEDS.put(ecs + "RegisterTaskDefinition", "{'family':'f','networkMode':'awsvpc','memory':'512',"
        + "'containerDefinitions':"
        + "[{'name':'a','image':'i','portMappings':[{'name':'http','containerPort':80,'appProtocol':'http'}]}]}");
    SEEDS.put(ecs + "DescribeTaskDefinition", "{'taskDefinition':'payments:1','include':['TAGS']}");
    SEEDS.put(ecs + "ListTaskDefinitions", "{'familyPrefix':'p','sort':'DESC','maxResults':1}");
    SEEDS.put(ecs + "ListTaskDefinitionFamilies", "{'status':'ALL'}");
    SEEDS.put(ecs + "DeregisterTaskDefinition", "{'taskDefinition':'payments:1'}");
    SEEDS.put(ecs + "CreateService", "{'cluster':'prod','serviceName':'ledger','taskDefinition':'payments',"
        + "'desiredCount':1,"
        + "'serviceConnectConfiguration':{'enabled':true,'services':[{'portName':'http','discoveryName':'ledger',"
        + "'clientAliases':[{'port':81,'dnsName':'ledger'}],'timeout':{'perRequestTimeoutSeconds':3}}]}}");
    SEEDS.put(ecs + "UpdateService", "{'cluster':'prod','service':'payments','desiredCount':3,"
        + "'serviceConnectConfiguration':"
        + "{'enabled':true,'services':[{'portName':'http','clientAliases':[{'port':8081}]}]}}");
    SEEDS.put(ecs + "DeleteService", "{'cluster':'prod','service':'payments','force':true}");
    SEEDS.put(ecs + "DescribeServices", "{'cluster':'prod','services':['payments','x'],'include':['TAGS']}");
    SEEDS.put(ecs + "ListServices", "{'cluster':'prod','maxResults':1}");
    SEEDS.put(ecs + "ListServicesByNamespace", "{'namespace':'prod'}");
    SEEDS.put(ecs + "ListTasks", "{'cluster':'prod','serviceName':'payments','desiredStatus':'RUNNING'}");
    SEEDS.put(ecs + "DescribeTasks", "{'cluster':'prod','tasks':['t1','x']}");
    SEEDS.put(ecs + "TagResource", "{'resourceArn':'arn:aws:ecs:us-east-1:000000000000:service/prod/payments',"
        + "'tags':[{'key':'a','value':'b'}]}");
    SEEDS.put(ecs + "UntagResource",
        "{'resourceArn':'arn:aws:ecs:us-east-1:000000000000:service/prod/payments','tagKeys':['a']}");
    SEEDS.put(ecs + "ListTagsForResource", "{'resourceArn':'arn:aws:ecs:us-east-1:000000000000:cluster/prod'}");
  }

  /** A harness with a namespace, a Cloud Map service, an SC service with one running task. */
  static final class World {
    final ApiHarness h = new ApiHarness();
    final String nsId;
    final String nsArn;
    final String srvId;

    World() {
      h.ecsOk("CreateCluster", ApiHarness.j("{'clusterName':'prod','serviceConnectDefaults':{'namespace':'prod'}}"));
      JsonNode ns = h.cloudMapOk("ListNamespaces", "{}").at("/Namespaces/0");
      nsId = ns.get("Id").asText();
      nsArn = ns.get("Arn").asText();
      h.ecsOk("RegisterTaskDefinition", ApiHarness.j(SEEDS.get(ApiHarness.ECS + "RegisterTaskDefinition"))
          .replace("\"f\"", "\"payments\"").replace("\"a\"", "\"app\""));
      h.ecsOk("CreateService", ApiHarness.j("{'cluster':'prod','serviceName':'payments','taskDefinition':'payments',"
          + "'serviceConnectConfiguration':{'enabled':true,'services':[{'portName':'http','discoveryName':'payments',"
          + "'clientAliases':[{'port':80}]}]}}"));
      h.store.apply(TaskLifecycle.register(new TaskRegistration("arn:aws:ecs:us-east-1:000000000000:task/prod/t1",
          "prod", "payments", "loopback", "127.1.0.1", "127.2.0.1", "0.1", "us-east-1a"), h.clock));
      srvId = h.store.current().discoveryServices().firstKey();
    }

    String body(String seed) {
      return ApiHarness.j(seed).replace("NSARN", nsArn).replace("NSID", nsId).replace("SRVID", srvId);
    }
  }

  @Property(tries = 300)
  void mutatedRequestsNeverFailTheContract(@ForAll("requests") List<Tuple.Tuple2<String, Long>> calls) {
    World w = new World();
    for (Tuple.Tuple2<String, Long> call : calls) {
      String target = call.get1();
      String body = mutate(w.body(SEEDS.getOrDefault(target, "{}")), new Random(call.get2()));
      check(w, target, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Property(tries = 200)
  void garbageBodiesAndTargetsNeverFailTheContract(
      @ForAll("targets") String target, @ForAll("garbage") byte[] body) {
    check(new World(), target, body);
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, Long>>> requests() {
    Arbitrary<String> targets = Arbitraries.of(new ArrayList<>(SEEDS.keySet()));
    return Arbitraries.longs().flatMap(seed -> targets.map(t -> Tuple.of(t, seed)))
        .list().ofMinSize(5).ofMaxSize(20);
  }

  @Provide
  Arbitrary<String> targets() {
    List<String> all = new ArrayList<>(SEEDS.keySet());
    all.add("AmazonEC2ContainerServiceV20141113.Nope");
    all.add("Route53AutoNaming_v20170314.");
    all.add("Garbage");
    return Arbitraries.oneOf(Arbitraries.of(all), Arbitraries.strings().ofMaxLength(40));
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> texts = Arbitraries.of("", " ", "{", "[]", "null", "1", "\"x\"", "{\"a\":", "{}}", "{\"x\":1}",
        "{\"Name\":[[[[[]]]]]}", "{\"clusterName\":\"\\u0000\"}").map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(bytes, texts);
  }

  private static void check(World w, String target, byte[] body) {
    MeshState before = w.h.store.current();
    AwsResponse r = w.h.api.handle(new AwsRequest(target, body, Map.of()));
    String text = r.bodyText();
    assertTrue(r.status() < 500,
        () -> target + " " + new String(body, StandardCharsets.UTF_8) + " -> " + r.status() + " " + text);
    assertFalse(text.contains("\tat ") || text.contains("dev.wharf") || text.contains("com.fasterxml")
        || text.contains("java.") || text.contains("Exception:"), () -> "leaks internals: " + text);
    assertTrue(r.header("x-amzn-RequestId") != null);
    if (r.status() != 200) {
      assertTrue(r.header("X-Amzn-ErrorType") != null, text);
      assertSame(before, w.h.store.current(), () -> "rejected call changed state: " + target + " " + text);
    }
  }

  // ---- mutations ----

  static String mutate(String json, Random random) {
    try {
      JsonNode node = WharfJson.wire().readTree(json);
      int rounds = 1 + random.nextInt(3);
      for (int i = 0; i < rounds; i++) {
        node = mutateNode(node, random, 0);
      }
      return random.nextInt(20) == 0 ? truncate(node.toString(), random) : node.toString();
    } catch (Exception e) {
      return json;
    }
  }

  private static String truncate(String s, Random random) {
    return s.substring(0, random.nextInt(Math.max(1, s.length())));
  }

  private static JsonNode mutateNode(JsonNode node, Random random, int depth) {
    if (node instanceof ObjectNode obj && obj.size() > 0 && random.nextInt(4) != 0) {
      List<String> names = new ArrayList<>();
      obj.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      switch (random.nextInt(4)) {
        case 0 -> obj.remove(name);
        case 1 -> obj.set(name, mutateNode(obj.get(name), random, depth + 1));
        case 2 -> obj.set(name, randomValue(random, depth));
        default -> obj.set(randomString(random), randomValue(random, depth));
      }
      return obj;
    }
    if (node instanceof ArrayNode arr && arr.size() > 0 && random.nextBoolean()) {
      int i = random.nextInt(arr.size());
      if (random.nextBoolean()) {
        arr.set(i, mutateNode(arr.get(i), random, depth + 1));
      } else if (random.nextBoolean()) {
        arr.remove(i);
      } else {
        for (int k = 0; k < 1 + random.nextInt(12); k++) {
          arr.add(arr.get(0).deepCopy());
        }
      }
      return arr;
    }
    return randomValue(random, depth);
  }

  private static JsonNode randomValue(Random random, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(depth > 3 ? 9 : 11)) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> f.numberNode(random.nextInt());
      case 3 -> f.numberNode(random.nextLong());
      case 4 -> f.numberNode(random.nextDouble() * 1e6);
      case 5 -> f.textNode(randomString(random));
      case 6 -> f.textNode("");
      case 7 -> f.textNode("x".repeat(random.nextInt(3000)));
      case 8 -> f.numberNode(new int[] {-1, 0, 1, 65535, 65536, 101, 1001, Integer.MAX_VALUE}[random.nextInt(8)]);
      case 9 -> f.arrayNode().add(randomValue(random, depth + 1)).add(randomValue(random, depth + 1));
      default -> f.objectNode().set(randomString(random), randomValue(random, depth + 1));
    };
  }

  private static String randomString(Random random) {
    String[] pool = {"prod", "payments", "http", "arn:aws:ecs:us-east-1:000000000000:cluster/prod", "a b", "-x",
        "UPPER", "ns-aaaaaaaaaaaaaaaa", "../..", "\u00e9\u0000", "arn:", "EQ", "IN", "BETWEEN", "TAGS", "awsvpc",
        "HEALTHY", "ALL", "aws:x", "payments:1", "9999999999"};
    return random.nextInt(3) == 0 ? Long.toString(random.nextLong(), 36) : pool[random.nextInt(pool.length)];
  }

}
