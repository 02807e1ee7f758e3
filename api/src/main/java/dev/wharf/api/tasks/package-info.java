/** Task registration from sidecar connections: {@link dev.wharf.api.tasks.TaskLifecycle} mutations. */
package dev.wharf.api.tasks;
