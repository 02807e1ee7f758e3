package dev.wharf.api.model.ecs;

/**
 * Service Connect timeouts (spec 39). Null means the AWS default: per-request 15 s (HTTP family only),
 * idle 300 s for HTTP family and 3600 s for TCP. Zero disables.
 */
public record TimeoutConfiguration(Integer idleTimeoutSeconds, Integer perRequestTimeoutSeconds) {}
