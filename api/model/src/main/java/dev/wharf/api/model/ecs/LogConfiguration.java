package dev.wharf.api.model.ecs;

import java.util.Map;

/** Container log configuration; Service Connect requires it when access logs are on (spec 57). */
public record LogConfiguration(String logDriver, Map<String, String> options) {
  public LogConfiguration {
    options = options == null ? null : Map.copyOf(options);
  }
}
