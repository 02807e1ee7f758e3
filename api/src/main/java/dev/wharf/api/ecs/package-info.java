/**
 * The ECS operations ({@code AmazonEC2ContainerServiceV20141113}): clusters, task definitions,
 * services with Service Connect, tasks and tags. {@link dev.wharf.api.ecs.ServiceSettling} keeps
 * deployments, alias VIPs and ECS-managed Cloud Map services consistent after every change.
 * {@link dev.wharf.api.ecs.TaskLifecycle} registers, stops and withdraws tasks as their sidecars
 * connect and leave (the control plane's {@code TaskSessions} drives it); StopTask uses it too.
 */
package dev.wharf.api.ecs;
