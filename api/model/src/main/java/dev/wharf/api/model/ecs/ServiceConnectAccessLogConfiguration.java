package dev.wharf.api.model.ecs;

/** Access logs (spec 57): {@code format} TEXT or JSON; {@code includeQueryParameters} ENABLED or DISABLED. */
public record ServiceConnectAccessLogConfiguration(String format, String includeQueryParameters) {}
