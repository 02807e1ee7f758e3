package dev.wharf.translator.resolve;

import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.state.MeshState;
import dev.wharf.translator.ir.OutlierDetection;
import dev.wharf.translator.ir.ProxyConfig;

/**
 * Stage 1: {@link MeshState} to one {@link ProxyConfig} per task whose deployment has Service Connect
 * enabled (the task's own deployment, else PRIMARY). Tasks of services without Service Connect, and
 * STOPPED tasks, get no proxy config. Pure and thread-safe (stateless).
 */
public final class Resolver {
  private Resolver() {}

  /**
   * Resolves the whole state.
   *
   * @param frozenAliases AWS-strict: a task only gets aliases that existed when it started (spec 26)
   * @param outlier the outlier detection every upstream gets (spec 37)
   */
  public static Resolution resolve(MeshState state, boolean frozenAliases, OutlierDetection outlier) {
    Problems problems = Problems.collecting();
    Lookup lookup = new Lookup(state);
    AliasCatalogue catalogue = AliasCatalogue.build(lookup, problems);
    EndpointIndex endpoints = EndpointIndex.build(state, problems);
    TaskResolver tasks = new TaskResolver(lookup, catalogue, endpoints, frozenAliases, outlier);
    ImmutableSortedMap.Builder<String, ProxyConfig> proxies = ImmutableSortedMap.naturalOrder();
    for (Task task : state.tasks().values()) {
      if ("STOPPED".equals(task.lastStatus())) {
        continue;
      }
      ProxyConfig p = tasks.resolve(task, problems);
      if (p != null) {
        proxies.put(task.taskArn(), p);
      }
    }
    return new Resolution(proxies.build(), problems.toList());
  }
}
