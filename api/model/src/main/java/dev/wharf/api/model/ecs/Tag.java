package dev.wharf.api.model.ecs;

/** ECS tag ({@code key}/{@code value}, lower case as in the ECS model). */
public record Tag(String key, String value) {}
