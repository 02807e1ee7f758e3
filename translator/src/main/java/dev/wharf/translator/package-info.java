/**
 * Wharf's pure translation from state to Envoy configuration, in two stages with an IR between:
 * {@link dev.wharf.translator.resolve} (ECS and Cloud Map rules: {@code MeshState} to
 * {@link dev.wharf.translator.ir}) and {@link dev.wharf.translator.xds} (IR to Envoy v3 resources).
 * Entry point: {@link dev.wharf.translator.Translator}. No I/O, clock or randomness: the same state
 * and options always give the same bytes.
 */
package dev.wharf.translator;
