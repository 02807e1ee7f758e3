/**
 * The durable store backend, {@link dev.wharf.api.state.H2StateStore}: one H2 row per changed key,
 * written before a mutation returns. The rest of this package (the state model and the store
 * contract) lives in {@code wharf-model}; the backend lives here, next to the JSON codec its rows
 * are written with.
 */
package dev.wharf.api.state;
