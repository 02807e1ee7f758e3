/**
 * Tests of the built-in CA: the root kept on disk and reused, leaves with the documented names and
 * lifetimes, an operator's CA, and the three steps of a root rotation.
 */
package dev.wharf.controlplane.ca;
