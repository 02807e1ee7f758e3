/**
 * The state model ({@link dev.wharf.api.state.MeshState}) and its durable stores:
 * {@link dev.wharf.api.state.H2StateStore} (embedded file database) and
 * {@link dev.wharf.api.state.InMemoryStateStore}.
 */
package dev.wharf.api.state;
