package dev.wharf.api.model.ecs;

/** A cluster's default Service Connect namespace; stored and returned as the namespace ARN (spec 13). */
public record ClusterServiceConnectDefaults(String namespace) {}
