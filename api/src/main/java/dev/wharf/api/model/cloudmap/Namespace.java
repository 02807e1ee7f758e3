package dev.wharf.api.model.cloudmap;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A Cloud Map namespace. Wharf creates HTTP namespaces; {@code HttpName} equals {@code Name}.
 * {@code ServiceCount} is derived at read time.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
public record Namespace(
    String id,
    String arn,
    String resourceOwner,
    String name,
    String type,
    String description,
    Integer serviceCount,
    Properties properties,
    Double createDate,
    String creatorRequestId) {

  /** {@code Properties {HttpProperties {HttpName}}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Properties(HttpProperties httpProperties) {}

  /** {@code HttpProperties {HttpName}}: the name DiscoverInstances takes as NamespaceName. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record HttpProperties(String httpName) {}

  /** The HTTP name, which DiscoverInstances' {@code NamespaceName} refers to. */
  public String httpName() {
    return properties == null || properties.httpProperties() == null
        ? name
        : properties.httpProperties().httpName();
  }
}
