/**
 * The sidecar → task flow: a sidecar opening its ADS stream is a task arriving, and the last stream of
 * a task closing is the task leaving (DESIGN.md "Data flow").
 *
 * <p>{@link dev.wharf.controlplane.tasks.TaskSessions} is called by the ADS server on its stream
 * threads ({@code DiscoveryServerCallbacks}): the first request of a stream names the node, which
 * {@code NodeIdentity} (envoy-bootstrap) reads as the task's identity. The callbacks only count
 * streams per task in memory and mark the task dirty; one writer thread turns every dirty task into
 * the state change it needs ({@code TaskLifecycle.register} or {@code withdraw}, api module) and
 * applies all of them as one store transaction ({@code StateStore.applyAll}). A reconnect storm of
 * thousands of sidecars is therefore a few transactions, and no gRPC thread ever waits for the
 * database. The store's change feed then wakes the reconciler, which translates and publishes.
 */
package dev.wharf.controlplane.tasks;
