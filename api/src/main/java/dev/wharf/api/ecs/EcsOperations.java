package dev.wharf.api.ecs;

import dev.wharf.api.protocol.AwsService;
import dev.wharf.api.protocol.OperationHandler;
import dev.wharf.api.protocol.OperationSet;
import dev.wharf.api.state.StateStore;
import java.util.Map;

/** Stub. */
public final class EcsOperations implements OperationSet {
  private final StateStore store;

  public EcsOperations(StateStore store) {
    this.store = store;
  }

  @Override
  public AwsService service() {
    return AwsService.ECS;
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return Map.of();
  }
}
