/**
 * ECS shapes as immutable records, named and cased exactly as the ECS API model
 * ({@code AmazonEC2ContainerServiceV20141113}, lowerCamelCase members). The same records are the wire
 * form, the stored form and the translator's input. Null means "not set"; collections are never null
 * once a record is built (compact constructors copy them with {@code List.copyOf}).
 */
package dev.wharf.api.model.ecs;
