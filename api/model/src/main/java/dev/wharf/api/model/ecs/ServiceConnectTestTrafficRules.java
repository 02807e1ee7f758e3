package dev.wharf.api.model.ecs;

/** Blue/green test traffic rule of a client alias (spec 66): a header name and an exact value. */
public record ServiceConnectTestTrafficRules(Header header) {
  /** {@code header {name, value {exact}}}. */
  public record Header(String name, Value value) {}

  /** {@code value {exact}}. */
  public record Value(String exact) {}
}
