/**
 * {@code wharf up}: runs ECS documents from {@code examples/} on one machine. It starts a control plane,
 * creates the resources through the real AWS API ({@link dev.wharf.controlplane.local.AwsApiClient}),
 * and launches each task's app and Envoy sidecar as local processes
 * ({@link dev.wharf.controlplane.local.LocalTask}).
 */
package dev.wharf.controlplane.local;
