package dev.wharf.controlplane.tasks;

import dev.wharf.api.ecs.TaskLifecycle;
import dev.wharf.api.ecs.TaskRegistration;
import dev.wharf.api.state.StateStore;
import dev.wharf.bootstrap.NodeIdentity;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a task when its sidecar's first ADS stream names it, and withdraws it when the task's
 * last stream closes (Envoy uses one ADS stream; a reconnect may briefly overlap the old one, hence
 * the count). See the package note for the flow.
 *
 * <p>Two steps, as ECS: a new task is ACTIVATING from its first request (it gets its own
 * configuration, but no Cloud Map instance), and RUNNING, registered in Cloud Map and so in every
 * client's endpoints, from the first ACK of its listeners: only then can its ingress listener
 * answer. Clients are therefore never sent to a sidecar that would refuse the connection (refusals
 * would count towards outlier detection and eject the new task, spec 37).
 *
 * <p>Batched: the stream callbacks change only in-memory counts and mark the task dirty. One writer
 * thread takes every dirty task at once and applies, per task, what its count says now (registered
 * while a stream is open, withdrawn otherwise) in one transaction. A task that connects and
 * disconnects before the writer looks at it costs nothing.
 *
 * <p>A registration the state rejects (for example the ECS service does not exist yet) is kept as
 * pending, reported by {@link #rejections()}, and retried by {@link #retryPending()} after every
 * state change. Thread-safe.
 */
public final class TaskSessions implements DiscoveryServerCallbacks, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskSessions.class);
  private static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";

  private final StateStore store;
  private final Clock clock;
  private final Map<Long, NodeIdentity> streams = new ConcurrentHashMap<>();
  /** Open streams and the newest identity, per task ARN; guarded by {@code this}. */
  private final Map<String, Integer> streamsPerTask = new ConcurrentHashMap<>();
  private final Map<String, NodeIdentity> identities = new ConcurrentHashMap<>();
  /** Tasks whose sidecar ACKed its listeners on an open stream; guarded by {@code this}. */
  private final Set<String> ready = ConcurrentHashMap.newKeySet();
  private final Map<String, NodeIdentity> pending = new ConcurrentHashMap<>();
  private final Map<String, String> rejections = new ConcurrentHashMap<>();
  /** Tasks whose state may differ from their stream count; guarded by {@code this}. */
  private Set<String> dirty = new LinkedHashSet<>();
  private final Object writing = new Object();
  private final Thread writer;
  private volatile boolean stopped;
  private volatile long batches;
  private volatile long lastArrival = System.nanoTime();
  private volatile long applied;

  public TaskSessions(StateStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.writer = new Thread(this::writeLoop, "wharf-task-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
    onRequest(streamId, request.getNode());
    if (isListenerAck(request.getTypeUrl(), request.getResponseNonce(), request.hasErrorDetail())) {
      ready(streamId);
    }
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
    onRequest(streamId, request.getNode());
    if (isListenerAck(request.getTypeUrl(), request.getResponseNonce(), request.hasErrorDetail())) {
      ready(streamId);
    }
  }

  /** An ACK of listeners: the sidecar holds its ingress listener, so its task can take traffic. */
  private static boolean isListenerAck(String typeUrl, String nonce, boolean error) {
    return LDS.equals(typeUrl) && !nonce.isEmpty() && !error;
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
   * nothing, since a restart must not withdraw tasks by itself. Waits for a batch being written.
   */
  public void stop() {
    stopped = true;
    synchronized (this) {
      notifyAll();
    }
    synchronized (writing) {
      // Holding the lock means no batch is in flight; none starts after stopped is set.
    }
  }

  @Override
  public void close() {
    stop();
    writer.interrupt();
  }

  /** Retries registrations that the state rejected earlier; called after each state change. */
  public synchronized void retryPending() {
    if (!stopped && !pending.isEmpty()) {
      dirty.addAll(pending.keySet());
      notifyAll();
    }
  }

  /** Why a connected sidecar's task could not be registered, by task ARN (for the admin view). */
  public Map<String, String> rejections() {
    return Map.copyOf(rejections);
  }

  /** When a sidecar's stream last named its task ({@code System.nanoTime()}; creation time before any). */
  public long lastArrivalNanos() {
    return lastArrival;
  }

  /** Store transactions written so far, and the task changes they carried (for metrics). */
  public long batches() {
    return batches;
  }

  public long changesApplied() {
    return applied;
  }

  private void onRequest(long streamId, Node node) {
    if (stopped || streams.containsKey(streamId) || node == null || !node.isInitialized() || node.getId().isEmpty()) {
      return;
    }
    NodeIdentity id = NodeIdentity.fromNode(node).orElse(null);
    if (id == null) {
      LOG.warn("stream {}: node {} carries no Wharf identity; it gets no configuration", streamId, node.getId());
      return;
    }
    synchronized (this) {
      if (stopped || streams.putIfAbsent(streamId, id) != null) {
        return;
      }
      streamsPerTask.merge(id.taskArn(), 1, Integer::sum);
      identities.put(id.taskArn(), id);
      lastArrival = System.nanoTime();
      dirty.add(id.taskArn());
      notifyAll();
    }
  }

  private synchronized void ready(long streamId) {
    NodeIdentity id = streams.get(streamId);
    if (id != null && !stopped && ready.add(id.taskArn())) {
      dirty.add(id.taskArn());
      notifyAll();
    }
  }

  private synchronized void closed(long streamId) {
    NodeIdentity id = streams.remove(streamId);
    if (id == null || stopped) {
      return;
    }
    if (streamsPerTask.computeIfPresent(id.taskArn(), (k, n) -> n > 1 ? n - 1 : null) == null) {
      dirty.add(id.taskArn());
      notifyAll();
    }
  }

  private void writeLoop() {
    while (true) {
      Set<String> batch;
      synchronized (this) {
        while (dirty.isEmpty() && !stopped) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (stopped) {
          return;
        }
        batch = dirty;
        dirty = new LinkedHashSet<>();
      }
      synchronized (writing) {
        if (stopped) {
          return;
        }
        write(batch);
      }
    }
  }

  /** One transaction: each task of the batch registered or withdrawn, as its stream count says now. */
  private void write(Set<String> batch) {
    List<String> tasks = new ArrayList<>();
    List<StateStore.Mutation<?>> changes = new ArrayList<>();
    synchronized (this) {
      for (String task : batch) {
        NodeIdentity id = identities.get(task);
        if (streamsPerTask.containsKey(task) && id != null) {
          changes.add(TaskLifecycle.register(registration(id), clock, ready.contains(task)));
        } else {
          identities.remove(task);
          ready.remove(task);
          pending.remove(task);
          rejections.remove(task);
          changes.add(TaskLifecycle.withdraw(task, clock));
        }
        tasks.add(task);
      }
    }
    List<Object> results;
    try {
      results = store.applyAll(changes);
    } catch (RuntimeException e) {
      // The store could not write (e.g. disk): nothing changed; try the whole batch again later.
      LOG.error("could not write {} task changes; retrying", tasks.size(), e);
      synchronized (this) {
        dirty.addAll(batch);
      }
      sleepQuietly();
      return;
    }
    batches++;
    applied += changes.size();
    for (int i = 0; i < tasks.size(); i++) {
      String task = tasks.get(i);
      if (results.get(i) instanceof RuntimeException e) {
        NodeIdentity id = identities.get(task);
        if (id != null && pending.put(task, id) == null) {
          LOG.warn("task {} not registered yet: {}", task, e.getMessage());
        }
        rejections.put(task, String.valueOf(e.getMessage()));
      } else if (streamsPerTask.containsKey(task)) {
        pending.remove(task);
        rejections.remove(task);
      }
    }
  }

  private static TaskRegistration registration(NodeIdentity id) {
    return new TaskRegistration(id.taskArn(), id.clusterName(), id.serviceName(), id.layout(), id.ingressIp(),
        id.appIp(), id.slot(), id.availabilityZone());
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
