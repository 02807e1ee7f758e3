package dev.wharf.controlplane.xds;

import dev.wharf.api.state.StateStore;
import dev.wharf.api.tasks.TaskLifecycle;
import dev.wharf.api.tasks.TaskRegistration;
import dev.wharf.bootstrap.NodeIdentity;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sidecar opening its ADS stream is a task arriving (DESIGN.md "Data flow"): this callback
 * registers the task when a stream's first request names a Wharf node, and withdraws it when the
 * task's last stream closes (Envoy uses one ADS stream; a reconnect may briefly overlap the old one,
 * hence the count).
 *
 * <p>A registration the state rejects (for example the ECS service does not exist yet) is kept as
 * pending and retried by {@link #retryPending()} after every state change. Thread-safe: gRPC threads
 * call the callbacks, the reconciler calls {@code retryPending}.
 */
public final class TaskSessions implements DiscoveryServerCallbacks {
  private static final Logger LOG = LoggerFactory.getLogger(TaskSessions.class);

  private final StateStore store;
  private final Clock clock;
  private final Map<Long, NodeIdentity> streams = new ConcurrentHashMap<>();
  private final Map<String, Integer> streamsPerTask = new ConcurrentHashMap<>();
  private final Map<String, NodeIdentity> pending = new ConcurrentHashMap<>();
  private final Map<String, String> rejections = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  public TaskSessions(StateStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    onRequest(streamId, request.getNode());
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
    onRequest(streamId, request.getNode());
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    closed(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    closed(streamId);
  }

  /**
   * Stops changing state: streams closed from now on (because the server is shutting down) withdraw
   * nothing, since a restart must not withdraw tasks by itself.
   */
  public synchronized void stop() {
    // synchronized: waits for a registration or withdrawal in progress, so none reaches the store
    // after the server closes it.
    stopped = true;
  }

  /** Retries registrations that the state rejected earlier; called after each state change. */
  public synchronized void retryPending() {
    if (stopped) {
      return;
    }
    for (NodeIdentity id : pending.values()) {
      register(id);
    }
  }

  /** Why a connected sidecar's task could not be registered, by task ARN (for the admin view). */
  public Map<String, String> rejections() {
    return Map.copyOf(rejections);
  }

  private void onRequest(long streamId, Node node) {
    if (stopped || streams.containsKey(streamId) || !node.isInitialized() || node.getId().isEmpty()) {
      return;
    }
    NodeIdentity id = NodeIdentity.fromNode(node).orElse(null);
    if (id == null) {
      LOG.warn("stream {}: node {} carries no Wharf identity; it gets no configuration", streamId, node.getId());
      return;
    }
    // Count and state change under one lock, so a reconnect overlapping the old stream's close
    // cannot end with the task withdrawn while its new stream is open.
    synchronized (this) {
      if (stopped) {
        return;
      }
      streams.put(streamId, id);
      streamsPerTask.merge(id.taskArn(), 1, Integer::sum);
      register(id);
    }
  }

  private void register(NodeIdentity id) {
    TaskRegistration reg = new TaskRegistration(id.taskArn(), id.clusterName(), id.serviceName(),
        id.layout(), id.ingressIp(), id.appIp(), id.slot(), id.availabilityZone());
    try {
      store.apply(TaskLifecycle.register(reg, clock));
      pending.remove(id.taskArn());
      rejections.remove(id.taskArn());
    } catch (RuntimeException e) {
      if (pending.put(id.taskArn(), id) == null) {
        LOG.warn("task {} not registered yet: {}", id.taskArn(), e.getMessage());
      }
      rejections.put(id.taskArn(), String.valueOf(e.getMessage()));
    }
  }

  private synchronized void closed(long streamId) {
    NodeIdentity id = streams.remove(streamId);
    if (id == null || stopped) {
      return;
    }
    Integer left = streamsPerTask.computeIfPresent(id.taskArn(), (k, n) -> n > 1 ? n - 1 : null);
    if (left == null) {
      pending.remove(id.taskArn());
      rejections.remove(id.taskArn());
      store.apply(TaskLifecycle.withdraw(id.taskArn()));
    }
  }
}
