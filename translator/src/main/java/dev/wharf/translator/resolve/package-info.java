/**
 * Stage 1 of the translator: {@code MeshState} to the IR. Every ECS and Cloud Map rule lives here
 * (PRIMARY deployment, portName lookup, discoveryName and dnsName defaults, implicit aliases,
 * ingressPortOverride, timeout defaults, VIP allocation per layout, frozen aliases). Pure: no I/O,
 * clock or randomness. Bad input becomes a {@link dev.wharf.translator.resolve.Problem} and the rest
 * is still translated.
 */
package dev.wharf.translator.resolve;
