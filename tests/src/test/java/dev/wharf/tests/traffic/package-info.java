/**
 * End-to-end traffic promises on real Envoy sidecars: services reach each other by alias, tasks
 * join and leave, and a control-plane restart withdraws nothing by itself.
 */
package dev.wharf.tests.traffic;
