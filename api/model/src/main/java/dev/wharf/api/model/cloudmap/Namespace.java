package dev.wharf.api.model.cloudmap;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Cloud Map namespace. Wharf creates HTTP namespaces; {@code HttpName} equals {@code Name}.
 * {@code ServiceCount} is derived at read time. The {@code with...} methods return a copy with one
 * field replaced; every other field is kept.
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

  /** {@code Type} of the namespaces Wharf creates. */
  public static final String HTTP = "HTTP";

  /** This namespace with {@code ServiceCount} replaced (read-time views). */
  public Namespace withServiceCount(Integer serviceCount) {
    return new Namespace(id, arn, resourceOwner, name, type, description, serviceCount, properties, createDate,
        creatorRequestId);
  }

  /** This namespace with {@code Description} replaced. */
  public Namespace withDescription(String description) {
    return new Namespace(id, arn, resourceOwner, name, type, description, serviceCount, properties, createDate,
        creatorRequestId);
  }

  /** This namespace with {@code CreatorRequestId} replaced (null in summaries). */
  public Namespace withCreatorRequestId(String creatorRequestId) {
    return new Namespace(id, arn, resourceOwner, name, type, description, serviceCount, properties, createDate,
        creatorRequestId);
  }

  /** The HTTP name, which DiscoverInstances' {@code NamespaceName} refers to. */
  public String httpName() {
    return properties == null || properties.httpProperties() == null
        ? name
        : properties.httpProperties().httpName();
  }
}
