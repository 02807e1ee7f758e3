package dev.wharf.api.state;

/**
 * A {@link StateStore} that keeps state only in memory: for tests and for throwaway servers.
 * Same contract as every store except that nothing survives the process. Thread-safe.
 */
public final class InMemoryStateStore extends AbstractStateStore {

  public InMemoryStateStore() {
    this(MeshState.EMPTY);
  }

  public InMemoryStateStore(MeshState initial) {
    super(initial);
  }

  @Override
  protected void persist(MeshState before, MeshState next) {
    // Nothing to do: memory is the store.
  }

  @Override
  public void close() {}
}
