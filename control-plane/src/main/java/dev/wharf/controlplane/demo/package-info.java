/**
 * The demo application ({@code wharf demo-app}): an HTTP server that names its service and task, and
 * optionally calls an upstream by its alias; the examples need no user code.
 */
package dev.wharf.controlplane.demo;
