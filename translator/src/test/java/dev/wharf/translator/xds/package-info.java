/**
 * Tests of the Envoy naming table ({@code Names}): names come from identity and never collide.
 */
package dev.wharf.translator.xds;
