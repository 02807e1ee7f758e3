package dev.wharf.api.model.ecs;

/**
 * The Service Connect naming defaults that ECS applies and that both the API (validation, Cloud Map
 * registration, alias bookkeeping) and the translator (clusters, listeners) must apply the same way.
 * One home, so the two cannot disagree.
 *
 * <ul>
 *   <li>discoveryName: {@link ServiceConnectService#effectiveDiscoveryName()} (spec 3).
 *   <li>dnsName of a client alias: the alias's own, else {@code discoveryName.namespace} (spec 5);
 *       an entry without aliases has the implicit alias {@code discoveryName.namespace :
 *       containerPort} (spec 8).
 *   <li>namespace reference: the configuration's, else the cluster's {@code serviceConnectDefaults}
 *       (spec 11-14).
 * </ul>
 *
 * <p>Empty strings count as unset everywhere, as the ECS API treats them.
 */
public final class ServiceConnectNames {
  private ServiceConnectNames() {}

  /** Whether {@code s} is null or empty: ECS's "not set" for optional string members. */
  public static boolean unset(String s) {
    return s == null || s.isEmpty();
  }

  /**
   * The default dnsName of an alias, {@code discoveryName.namespaceName} (spec 5); null when the
   * namespace is unknown.
   */
  public static String defaultDnsName(String discoveryName, String namespaceName) {
    return namespaceName == null ? null : discoveryName + "." + namespaceName;
  }

  /**
   * The dnsName clients use for {@code alias}: its own dnsName unless unset, else the default
   * (spec 5). {@code alias} null means the implicit alias of an entry without aliases (spec 8).
   */
  public static String dnsName(ServiceConnectClientAlias alias, String discoveryName, String namespaceName) {
    return alias != null && !unset(alias.dnsName()) ? alias.dnsName()
        : defaultDnsName(discoveryName, namespaceName);
  }

  /** The entry's one client alias (ECS allows at most one, spec 7), or null when it has none. */
  public static ServiceConnectClientAlias alias(ServiceConnectService entry) {
    return entry.clientAliases() == null || entry.clientAliases().isEmpty() ? null : entry.clientAliases().get(0);
  }

  /**
   * The namespace a Service Connect configuration refers to (name or ARN): its own {@code namespace}
   * unless unset, else the cluster's {@code serviceConnectDefaults.namespace} (spec 11-14); null when
   * neither is set.
   *
   * @param cluster the service's cluster, or null when unknown
   */
  public static String namespaceRef(ServiceConnectConfiguration config, Cluster cluster) {
    if (!unset(config.namespace())) {
      return config.namespace();
    }
    return cluster == null || cluster.serviceConnectDefaults() == null
        ? null : cluster.serviceConnectDefaults().namespace();
  }
}
