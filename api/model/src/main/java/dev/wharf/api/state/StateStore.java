package dev.wharf.api.state;

import java.util.List;
import java.util.function.Consumer;

/**
 * The durable home of {@link MeshState}. Thread-safe.
 *
 * <p>Contract: {@link #apply} runs mutations one at a time. A mutation sees the current state and
 * returns the next one (or throws, typically {@code AwsException}, to reject: then nothing changes).
 * An accepted mutation is written to disk before {@code apply} returns, with the revision increased
 * by one; then every listener is told, on the caller's thread, in registration order. Listeners must
 * be quick (the reconciler just records that work is due).
 *
 * <p>The store is a revisioned change feed: each accepted mutation reaches listeners as one
 * {@link StateChange} (the new state and the keys the mutation wrote), in revision order. A batch of
 * mutations applied with {@link #applyAll} is one transaction and one feed entry. Backends persist
 * only the written keys, so a mutation costs O(log n + keys written), not a copy of the state.
 */
public interface StateStore extends AutoCloseable {

  /** The state as of the last accepted mutation. Never null. */
  MeshState current();

  /**
   * Applies {@code mutation} atomically and durably.
   *
   * @return the mutation's result
   */
  <R> R apply(Mutation<R> mutation);

  /**
   * Applies several mutations as one transaction: each sees the state the previous one produced; one
   * that throws is skipped (its exception is returned in its slot) and the others still apply. The
   * combined result is written once and reaches listeners as one {@link StateChange}.
   *
   * @return per mutation, its result or the {@link RuntimeException} that rejected it
   */
  List<Object> applyAll(List<? extends Mutation<?>> mutations);

  /**
   * Why the last write failed, or null when it succeeded (or none was tried): a store that cannot
   * write rejects every change, and the server reports itself degraded.
   */
  String writeFailure();

  /** Registers a listener for the change feed. */
  void subscribe(Consumer<StateChange> listener);

  @Override
  void close();

  /** A change to the state, with a result for the caller. */
  @FunctionalInterface
  interface Mutation<R> {
    /** Returns the next state and the caller's result; throws to reject with no change. */
    Outcome<R> apply(MeshState current);
  }

  /** What a mutation produced. A {@code next} identical to the input means "no change". */
  record Outcome<R>(MeshState next, R result) {}
}
