package dev.wharf.api.model.cloudmap;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Cloud Map namespace. Wharf creates HTTP namespaces; {@code HttpName} equals {@code Name}.
 * {@code ServiceCount} is derived at read time.
 */
public record Namespace(
    @JsonProperty("Id") String id,
    @JsonProperty("Arn") String arn,
    @JsonProperty("ResourceOwner") String resourceOwner,
    @JsonProperty("Name") String name,
    @JsonProperty("Type") String type,
    @JsonProperty("Description") String description,
    @JsonProperty("ServiceCount") Integer serviceCount,
    @JsonProperty("Properties") Properties properties,
    @JsonProperty("CreateDate") Double createDate,
    @JsonProperty("CreatorRequestId") String creatorRequestId) {

  /** {@code Properties {HttpProperties {HttpName}}}. */
  public record Properties(@JsonProperty("HttpProperties") HttpProperties httpProperties) {}

  /** {@code HttpProperties {HttpName}}: the name DiscoverInstances takes as NamespaceName. */
  public record HttpProperties(@JsonProperty("HttpName") String httpName) {}

  /** The HTTP name, which DiscoverInstances' {@code NamespaceName} refers to. */
  public String httpName() {
    return properties == null || properties.httpProperties() == null
        ? name
        : properties.httpProperties().httpName();
  }
}
