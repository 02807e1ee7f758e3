/**
 * The state model and the store contract: {@link dev.wharf.api.state.MeshState} (the whole state at
 * one revision), {@link dev.wharf.api.state.StateStore} with its change feed
 * ({@link dev.wharf.api.state.StateChange}), the shared store mechanics
 * ({@link dev.wharf.api.state.AbstractStateStore}) and {@link dev.wharf.api.state.InMemoryStateStore}.
 *
 * <p>The package is split across two modules: this part lives in {@code wharf-model}, which the
 * translator reads; the durable backend {@code H2StateStore} lives in {@code wharf-api}, next to the
 * JSON codec it stores rows with.
 */
package dev.wharf.api.state;
