/**
 * The Cloud Map operations ({@code Route53AutoNaming_v20170314}) over HTTP namespaces: namespaces,
 * services, instances and discovery, asynchronous operations, tags.
 * {@link dev.wharf.api.cloudmap.CloudMapState} holds the pure state functions ECS shares.
 */
package dev.wharf.api.cloudmap;
