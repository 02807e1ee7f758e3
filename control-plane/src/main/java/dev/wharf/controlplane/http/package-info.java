/**
 * HTTP: {@link dev.wharf.controlplane.http.ApiHttpServer} binds the AWS API (AWS JSON 1.1 over POST)
 * and the {@code /wharf/*} admin endpoints ({@link dev.wharf.controlplane.http.AdminEndpoints}), which
 * see the running server only through {@link dev.wharf.controlplane.http.AdminView}.
 */
package dev.wharf.controlplane.http;
