package dev.wharf.api.model.ecs;

/** An entry of {@code Service.events}. */
public record ServiceEvent(String id, Double createdAt, String message) {}
