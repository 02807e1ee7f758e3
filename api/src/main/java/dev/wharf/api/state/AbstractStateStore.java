package dev.wharf.api.state;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of every {@link StateStore} that is not about where bytes go: one writer at a time, the
 * revision bump, the "same instance means no change" rule, and listener notification in revision
 * order. Subclasses make an accepted state durable in {@link #persist}; if that throws, the
 * in-memory state is left as it was and the exception reaches the caller.
 *
 * <p>Listeners are called after the state is durable, on the applying thread, while the writer lock
 * is held, so they see states strictly in revision order. A listener that throws is logged and
 * skipped.
 */
public abstract class AbstractStateStore implements StateStore {

  private static final Logger LOG = LoggerFactory.getLogger(AbstractStateStore.class);

  private final ReentrantLock writer = new ReentrantLock();
  private final List<Consumer<MeshState>> listeners = new CopyOnWriteArrayList<>();
  private volatile MeshState current;

  protected AbstractStateStore(MeshState initial) {
    this.current = initial;
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
      if (outcome == null || outcome.next() == null || outcome.next() == before) {
        return outcome == null ? null : outcome.result();
      }
      MeshState next = InstancesRevisions.stamp(before, outcome.next().withRevision(before.revision() + 1));
      persist(before, next);
      current = next;
      notifyListeners(next);
      return outcome.result();
    } finally {
      writer.unlock();
    }
  }

  /**
   * Replaces the whole state with {@code next} (revision still increases by one). Used by the
   * admin reset.
   */
  public void replaceAll(MeshState next) {
    apply(state -> new Outcome<>(next == state ? next.withRevision(state.revision()) : next, null));
  }

  @Override
  public void subscribe(Consumer<MeshState> listener) {
    listeners.add(listener);
  }

  /** Makes {@code next} durable; {@code before} is what is durable now. Throw to reject. */
  protected abstract void persist(MeshState before, MeshState next);

  private void notifyListeners(MeshState state) {
    for (Consumer<MeshState> listener : listeners) {
      try {
        listener.accept(state);
      } catch (RuntimeException e) {
        LOG.warn("State listener failed at revision {}", state.revision(), e);
      }
    }
  }
}
