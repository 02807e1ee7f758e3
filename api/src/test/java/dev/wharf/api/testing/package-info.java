/**
 * Test harness for the api module: {@code ApiHarness} wires the operations to a store and calls
 * them as a client would, so tests read like the AWS calls they make.
 */
package dev.wharf.api.testing;
