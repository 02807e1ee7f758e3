package dev.wharf.translator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.state.MeshState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A golden-test input: readable lists of the API records (same shapes and casing as the ECS and
 * Cloud Map APIs), turned into a {@link MeshState}. Unknown fields fail the test.
 */
record StateFixture(
    List<Namespace> namespaces,
    List<DiscoveryService> discoveryServices,
    List<Instance> instances,
    List<Cluster> clusters,
    List<TaskDefinition> taskDefinitions,
    List<EcsService> services,
    List<Task> tasks,
    List<AliasVip> aliasVips,
    Options options) {

  /** One {@code MeshState.aliasVips} entry. */
  record AliasVip(String namespaceId, String dnsName, int port, int index) {}

  /** Translator options for the case; absent fields take the defaults. */
  record Options(Boolean frozenAliases, Integer baseEjectionSeconds, Integer maxEjectionSeconds, Boolean mutualTls) {}

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  StateFixture {
    namespaces = orEmpty(namespaces);
    discoveryServices = orEmpty(discoveryServices);
    instances = orEmpty(instances);
    clusters = orEmpty(clusters);
    taskDefinitions = orEmpty(taskDefinitions);
    services = orEmpty(services);
    tasks = orEmpty(tasks);
    aliasVips = orEmpty(aliasVips);
  }

  static StateFixture read(Path file) throws IOException {
    return YAML.readValue(file.toFile(), StateFixture.class);
  }

  MeshState state() {
    Map<MeshState.Table<?>, Map<String, ?>> maps = new LinkedHashMap<>();
    maps.put(MeshState.NAMESPACES, index(namespaces, Namespace::id));
    maps.put(MeshState.DISCOVERY_SERVICES, index(discoveryServices, DiscoveryService::id));
    maps.put(MeshState.INSTANCES, index(instances, i -> MeshState.instanceKey(i.serviceId(), i.id())));
    maps.put(MeshState.CLUSTERS, index(clusters, Cluster::clusterArn));
    maps.put(MeshState.TASK_DEFINITIONS, index(taskDefinitions, TaskDefinition::taskDefinitionArn));
    maps.put(MeshState.SERVICES, index(services, EcsService::serviceArn));
    maps.put(MeshState.TASKS, index(tasks, Task::taskArn));
    maps.put(MeshState.ALIAS_VIPS, index(aliasVips, v -> MeshState.aliasKey(v.namespaceId(), v.dnsName(), v.port()),
        AliasVip::index));
    return MeshState.loaded(0, maps);
  }

  TranslatorOptions translatorOptions() {
    TranslatorOptions o = TranslatorOptions.defaults();
    if (options == null) {
      return o;
    }
    if (options.mutualTls() != null) {
      o = o.withMutualTls(options.mutualTls());
    }
    if (options.frozenAliases() != null) {
      o = o.withFrozenAliases(options.frozenAliases());
    }
    Duration base = options.baseEjectionSeconds() == null
        ? o.baseEjectionTime() : Duration.ofSeconds(options.baseEjectionSeconds());
    Duration max = options.maxEjectionSeconds() == null
        ? o.maxEjectionTime() : Duration.ofSeconds(options.maxEjectionSeconds());
    return o.withEjectionTimes(base, max);
  }

  private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
    return index(items, key, Function.identity());
  }

  private static <T, V> Map<String, V> index(List<T> items, Function<T, String> key, Function<T, V> value) {
    Map<String, V> out = new TreeMap<>();
    for (T item : items) {
      if (out.put(key.apply(item), value.apply(item)) != null) {
        throw new IllegalArgumentException("duplicate key in fixture: " + key.apply(item));
      }
    }
    return out;
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
