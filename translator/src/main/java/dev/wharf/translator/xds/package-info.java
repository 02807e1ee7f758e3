/**
 * Stage 2 of the translator: the IR to Envoy v3 resources. One builder per Envoy kind
 * ({@link dev.wharf.translator.xds.ClusterBuilder}, {@link dev.wharf.translator.xds.EndpointBuilder},
 * {@link dev.wharf.translator.xds.ListenerBuilder}, {@link dev.wharf.translator.xds.RouteBuilder}),
 * every name from {@link dev.wharf.translator.xds.Names}. Reads only the IR, never ECS records. Pure.
 */
package dev.wharf.translator.xds;
