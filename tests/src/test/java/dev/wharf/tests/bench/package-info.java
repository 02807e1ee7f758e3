/**
 * Benchmarks, run by {@code ./wharf bench} and not by the tests: the ADS server against
 * java-control-plane's, JMH benchmarks of the translator and publisher, and the end-to-end
 * benchmark through a real server process (BENCHMARKS.md).
 */
package dev.wharf.tests.bench;
