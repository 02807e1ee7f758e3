package dev.wharf.api.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of every {@link StateStore} that is not about where bytes go: one writer at a time, the
 * revision bump, the "same instance means no change" rule, and the change feed in revision order.
 * Subclasses make an accepted state durable in {@link #persist}, writing the keys
 * {@link MeshState#changes()} names; if that throws, the in-memory state is left as it was and the
 * exception reaches the caller.
 *
 * <p>Listeners are called after the state is durable, on the applying thread, while the writer lock
 * is held, so they see changes strictly in revision order. A listener that throws is logged and
 * skipped.
 */
public abstract class AbstractStateStore implements StateStore {

  private static final Logger LOG = LoggerFactory.getLogger(AbstractStateStore.class);

  private final ReentrantLock writer = new ReentrantLock();
  private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
  private volatile MeshState current;
  private volatile String writeFailure;

  protected AbstractStateStore(MeshState initial) {
    this.current = initial.committed();
  }

  @Override
  public MeshState current() {
    return current;
  }

  @Override
  public <R> R apply(Mutation<R> mutation) {
    writer.lock();
    try {
      MeshState before = current;
      Outcome<R> outcome = mutation.apply(before);
      if (outcome != null && outcome.next() != null && outcome.next() != before) {
        commit(before, outcome.next());
      }
      return outcome == null ? null : outcome.result();
    } finally {
      writer.unlock();
    }
  }

  @Override
  public List<Object> applyAll(List<? extends Mutation<?>> mutations) {
    writer.lock();
    try {
      MeshState before = current;
      MeshState state = before;
      List<Object> results = new ArrayList<>(mutations.size());
      for (Mutation<?> m : mutations) {
        try {
          Outcome<?> outcome = m.apply(state);
          if (outcome != null && outcome.next() != null) {
            state = outcome.next();
          }
          results.add(outcome == null ? null : outcome.result());
        } catch (RuntimeException e) {
          results.add(e);
        }
      }
      if (state != before) {
        commit(before, state);
      }
      return results;
    } finally {
      writer.unlock();
    }
  }

  /** Stamps, persists and publishes {@code next}; caller holds the writer lock. */
  private void commit(MeshState before, MeshState next) {
    if (!next.hasChanges()) {
      return;
    }
    MeshState stamped = InstancesRevisions.stamp(before, next.withRevision(before.revision() + 1));
    try {
      persist(before, stamped);
      writeFailure = null;
    } catch (RuntimeException e) {
      writeFailure = String.valueOf(e.getMessage());
      throw e;
    }
    StateChange change = new StateChange(stamped.revision(), stamped.committed(), stamped.changes());
    current = change.state();
    notifyListeners(change);
  }

  @Override
  public String writeFailure() {
    return writeFailure;
  }

  @Override
  public void subscribe(Consumer<StateChange> listener) {
    listeners.add(listener);
  }

  /**
   * Makes {@code next} durable; {@code before} is what is durable now, and {@code next.changes()}
   * names every key that differs. Throw to reject.
   */
  protected abstract void persist(MeshState before, MeshState next);

  private void notifyListeners(StateChange change) {
    for (Consumer<StateChange> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("State listener failed at revision {}", change.revision(), e);
      }
    }
  }
}
