/**
 * {@code wharf compose} and {@code wharf apply}: Wharf in docker compose with stock Envoy containers
 * (DESIGN.md "Network layouts"; compose/README.md).
 *
 * <p>{@link dev.wharf.controlplane.compose.ComposePlan} reads a folder of ECS documents (the
 * {@code wharf up} example format) into the tasks the services' {@code desiredCount} asks for;
 * {@link dev.wharf.controlplane.compose.ComposeFile} renders them as one deterministic
 * {@code docker-compose.yml} in the awsvpc layout (spec 25-34): per task a network-namespace
 * container (ECS's pause container, running the hosts agent {@code compose/wharf/task-hosts}), a stock
 * Envoy sidecar and the task's app containers, the last two sharing the first's network namespace;
 * one control-plane container with its state on a volume; and a one-shot {@code wharf apply} that
 * sends the documents to it through the AWS API ({@link dev.wharf.controlplane.compose.ApplyCommand}).
 */
package dev.wharf.controlplane.compose;
