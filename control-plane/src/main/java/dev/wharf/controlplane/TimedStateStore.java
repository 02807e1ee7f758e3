package dev.wharf.controlplane;

import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateChange;
import dev.wharf.api.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link StateStore} that times each accepted write of the store it wraps in the timer
 * {@code wharf.store.commit} (Prometheus {@code wharf_store_commit_seconds}, a histogram): from the
 * call to {@link #apply} or {@link #applyAll} until it returns, so the mutation, the H2 transaction's
 * commit and the listeners. A rejected mutation (it threw) is not a commit and is not timed. Reads
 * are passed through untimed. Thread-safe as the wrapped store is.
 */
final class TimedStateStore implements StateStore {
  private final StateStore store;
  private final Timer commits;

  TimedStateStore(StateStore store, MeterRegistry meters) {
    this.store = store;
    this.commits = Timer.builder("wharf.store.commit")
        .description("time of an accepted state store write: mutation, transaction commit, change listeners")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(meters);
  }

  @Override
  public MeshState current() {
    return store.current();
  }

  @Override
  public <R> R apply(Mutation<R> mutation) {
    long start = System.nanoTime();
    R result = store.apply(mutation);
    commits.record(Duration.ofNanos(System.nanoTime() - start));
    return result;
  }

  @Override
  public List<Object> applyAll(List<? extends Mutation<?>> mutations) {
    long start = System.nanoTime();
    List<Object> results = store.applyAll(mutations);
    commits.record(Duration.ofNanos(System.nanoTime() - start));
    return results;
  }

  @Override
  public String writeFailure() {
    return store.writeFailure();
  }

  @Override
  public void subscribe(Consumer<StateChange> listener) {
    store.subscribe(listener);
  }

  @Override
  public void close() {
    store.close();
  }
}
