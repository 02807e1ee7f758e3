package dev.wharf.api.ecs;

import dev.wharf.api.cloudmap.CloudMapState;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.PortMapping;
import dev.wharf.api.model.ecs.ServiceConnectClientAlias;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectNames;
import dev.wharf.api.model.ecs.ServiceConnectService;
import dev.wharf.api.model.ecs.ServiceConnectServiceResource;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.model.ecs.TimeoutConfiguration;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.MeshState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validates a {@code serviceConnectConfiguration} of CreateService/UpdateService against the task
 * definition, the namespace and the other services, and creates what ECS creates: one Cloud Map
 * service per discovery name (spec 17), tagged {@code AmazonECSManaged=true} (spec 18).
 *
 * <p>Every rule of spec 3.4 is an InvalidParameterException: enabled missing; no namespace and no
 * cluster default; network mode other than awsvpc/bridge (spec 31); no task memory (spec 53);
 * portName not naming a port mapping (AWS's text, spec 1); discoveryName/dnsName patterns (spec 2, 3,
 * 5); more than one client alias (spec 7); ports outside 1-65535 (spec 6, 29); a discoveryName already
 * used in the namespace (AWS's text, spec 4); a {@code dnsName:port} already used in the namespace
 * (spec 7); perRequestTimeoutSeconds on a TCP port (spec 39); accessLogConfiguration without
 * logConfiguration (spec 57); tls with bridge (spec 54). An unknown namespace is
 * NamespaceNotFoundException.
 */
final class ServiceConnectPlanner {
  static final Pattern DISCOVERY_NAME = Pattern.compile("^[a-z0-9_][a-z0-9_-]{0,63}$");
  static final Pattern DNS_NAME = Pattern.compile("^[a-z0-9_.][a-z0-9_.-]{0,126}$");
  static final Pattern PCA_ARN =
      Pattern.compile("^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\\d{12}:certificate-authority/.+$");
  static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/.+$");
  static final Set<String> LOG_DRIVERS = Set.of("json-file", "syslog", "journald", "gelf", "fluentd",
      "awslogs", "splunk", "awsfirelens");

  private ServiceConnectPlanner() {}

  /** The outcome: the configuration to store, its namespace, and the state with Cloud Map services made. */
  record Plan(ServiceConnectConfiguration stored, Namespace namespace,
      List<ServiceConnectServiceResource> resources, MeshState state) {}

  /**
   * Validates {@code cfg} and makes its Cloud Map services.
   *
   * @param self the service being updated (its own discovery names and aliases are no conflict), or null
   * @return null when {@code cfg} is null (no Service Connect)
   */
  static Plan plan(MeshState s, RequestContext ctx, Cluster cluster, TaskDefinition td,
      ServiceConnectConfiguration cfg, EcsService self) {
    if (cfg == null) {
      return null;
    }
    if (cfg.enabled() == null) {
      throw EcsErrors.invalid("serviceConnectConfiguration.enabled is required.");
    }
    checkLogging(cfg);
    String nsRef = ServiceConnectNames.namespaceRef(cfg, cluster);
    ServiceConnectConfiguration stored = new ServiceConnectConfiguration(cfg.enabled(), nsRef, cfg.services(),
        cfg.logConfiguration(), cfg.accessLogConfiguration());
    if (!cfg.enabled()) {
      return new Plan(stored, null, null, s);
    }
    if (nsRef == null) {
      throw EcsErrors.invalid("Service Connect needs a namespace: set serviceConnectConfiguration.namespace "
          + "or the cluster's serviceConnectDefaults.");
    }
    Rules.length(ctx, nsRef, "serviceConnectConfiguration.namespace", 1, 1024);
    Namespace ns = EcsState.namespace(s, ctx.caller(), nsRef);
    if (ns == null) {
      throw EcsErrors.namespaceNotFound(nsRef);
    }
    checkTaskDefinition(td);
    List<ServiceConnectService> entries = cfg.services() == null ? List.of() : cfg.services();
    Set<String> ownDiscovery = ownDiscoveryArns(self);
    Map<String, String> usedAliases = aliasesInUse(s, ns.id(), self);
    Set<String> seenNames = new HashSet<>();
    Set<String> seenAliases = new HashSet<>();
    MeshState next = s;
    List<ServiceConnectServiceResource> resources = new ArrayList<>();
    for (ServiceConnectService entry : entries) {
      PortMapping port = checkEntry(ctx, td, entry);
      String discoveryName = entry.effectiveDiscoveryName();
      if (!seenNames.add(discoveryName)) {
        throw EcsErrors.invalid("discoveryName " + discoveryName + " is used twice; discovery names must be "
            + "unique within the namespace.");
      }
      String alias = aliasKey(ns, entry, discoveryName, port);
      if (!seenAliases.add(alias) || usedAliases.containsKey(alias)) {
        throw EcsErrors.invalid("The client alias " + alias.substring(alias.indexOf('|') + 1) + " is already used in "
            + "namespace " + ns.name() + (usedAliases.containsKey(alias) ? " by " + usedAliases.get(alias) : "")
            + "; each dnsName:port must be unique within the namespace.");
      }
      DiscoveryService existing = CloudMapState.serviceByName(next, ns.id(), discoveryName);
      if (existing != null && !ownDiscovery.contains(existing.arn())) {
        throw EcsErrors.discoveryNameInUse(ns.arn());
      }
      if (existing == null) {
        CloudMapState.Made<DiscoveryService> made = CloudMapState.createService(next, EcsState.ownerOf(ns.arn()), ns,
            discoveryName, null, null, null, ctx.now());
        next = CloudMapState.setTags(made.state(), made.value().arn(), Map.of(CloudMapState.ECS_MANAGED_TAG, "true"));
        existing = made.value();
      }
      resources.add(new ServiceConnectServiceResource(discoveryName, existing.arn()));
    }
    return new Plan(stored, ns, resources, next);
  }

  private static void checkLogging(ServiceConnectConfiguration cfg) {
    if (cfg.accessLogConfiguration() != null) {
      if (cfg.logConfiguration() == null) {
        throw EcsErrors.invalid("accessLogConfiguration requires logConfiguration.");
      }
      String format = cfg.accessLogConfiguration().format();
      if (format == null || !Set.of("TEXT", "JSON").contains(format)) {
        throw EcsErrors.invalid("accessLogConfiguration.format must be TEXT or JSON.");
      }
      String q = cfg.accessLogConfiguration().includeQueryParameters();
      if (q != null && !Set.of("ENABLED", "DISABLED").contains(q)) {
        throw EcsErrors.invalid("accessLogConfiguration.includeQueryParameters must be ENABLED or DISABLED.");
      }
    }
    if (cfg.logConfiguration() != null && !LOG_DRIVERS.contains(String.valueOf(cfg.logConfiguration().logDriver()))) {
      throw EcsErrors.invalid("logConfiguration.logDriver must be one of " + new java.util.TreeSet<>(LOG_DRIVERS) + ".");
    }
  }

  private static void checkTaskDefinition(TaskDefinition td) {
    String mode = td.networkMode() == null ? "bridge" : td.networkMode();
    if (!mode.equals("awsvpc") && !mode.equals("bridge")) {
      throw EcsErrors.invalid("Service Connect supports the awsvpc and bridge network modes; task definition "
          + td.family() + ":" + td.revision() + " uses " + mode + ".");
    }
    if (td.memory() == null || td.memory().isEmpty()) {
      throw EcsErrors.invalid("Service Connect requires task-level memory; task definition " + td.family() + ":"
          + td.revision() + " has none.");
    }
  }

  /** Checks one {@code services[]} entry; returns its port mapping. */
  private static PortMapping checkEntry(RequestContext ctx, TaskDefinition td, ServiceConnectService e) {
    if (e == null || e.portName() == null || e.portName().isEmpty()) {
      throw EcsErrors.invalid("serviceConnectConfiguration.services[].portName is required.");
    }
    PortMapping port = EcsState.portMapping(td, e.portName());
    if (port == null) {
      throw EcsErrors.portNameNotFound(e.portName());
    }
    if (port.containerPort() == null) {
      throw EcsErrors.invalid("The port mapping " + e.portName() + " has no containerPort.");
    }
    Rules.pattern(ctx, e.effectiveDiscoveryName(), "discoveryName", DISCOVERY_NAME,
        "up to 64 lowercase letters, digits, _ and -, not starting with -");
    Rules.range(ctx, e.ingressPortOverride(), "ingressPortOverride", 1, 65535);
    checkAliases(ctx, e);
    checkTimeout(e.timeout(), port);
    if (e.tls() != null) {
      if ("bridge".equals(td.networkMode()) || td.networkMode() == null) {
        throw EcsErrors.invalid("Service Connect TLS is not supported with the bridge network mode.");
      }
      if (e.tls().issuerCertificateAuthority() == null) {
        throw EcsErrors.invalid("tls.issuerCertificateAuthority is required.");
      }
      // Spec 54: the ARN of an AWS Private CA; Wharf records it and signs with its own CA.
      String pca = e.tls().issuerCertificateAuthority().awsPcaAuthorityArn();
      if (pca == null || !PCA_ARN.matcher(pca).matches()) {
        throw EcsErrors.invalid("tls.issuerCertificateAuthority.awsPcaAuthorityArn must be the ARN of an AWS "
            + "Private CA (arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>): " + pca);
      }
      if (e.tls().roleArn() != null && !ROLE_ARN.matcher(e.tls().roleArn()).matches()) {
        throw EcsErrors.invalid("tls.roleArn must be the ARN of an IAM role: " + e.tls().roleArn());
      }
    }
    return port;
  }

  private static void checkAliases(RequestContext ctx, ServiceConnectService e) {
    if (e.clientAliases() == null) {
      return;
    }
    if (e.clientAliases().size() > 1) {
      throw EcsErrors.invalid("The maximum number of client aliases that you can have is 1; portName "
          + e.portName() + " has " + e.clientAliases().size() + ".");
    }
    for (ServiceConnectClientAlias a : e.clientAliases()) {
      if (a == null || a.port() == null) {
        throw EcsErrors.invalid("clientAliases[].port is required.");
      }
      Rules.range(ctx, a.port(), "clientAliases[].port", 1, 65535);
      Rules.pattern(ctx, a.dnsName(), "clientAliases[].dnsName", DNS_NAME,
          "up to 127 lowercase letters, digits, _, - and ., not starting with -");
      if (a.testTrafficRules() != null) {
        var header = a.testTrafficRules().header();
        if (header == null || header.name() == null || header.name().isEmpty()) {
          throw EcsErrors.invalid("testTrafficRules.header.name is required.");
        }
        if (header.value() != null && header.value().exact() == null) {
          throw EcsErrors.invalid("testTrafficRules.header.value.exact is required.");
        }
      }
    }
  }

  private static void checkTimeout(TimeoutConfiguration t, PortMapping port) {
    if (t == null) {
      return;
    }
    if ((t.idleTimeoutSeconds() != null && t.idleTimeoutSeconds() < 0)
        || (t.perRequestTimeoutSeconds() != null && t.perRequestTimeoutSeconds() < 0)) {
      throw EcsErrors.invalid("Timeouts must be between 0 and 2147483647 seconds.");
    }
    if (t.perRequestTimeoutSeconds() != null && port.appProtocol() == null) {
      // spec 39: AWS says "Only idleTimeout is allowed for TCP appProtocol".
      throw EcsErrors.invalid("Only idleTimeout is allowed for TCP appProtocol (port " + port.name() + ").");
    }
  }

  private static String aliasKey(Namespace ns, ServiceConnectService e, String discoveryName, PortMapping port) {
    ServiceConnectClientAlias a = ServiceConnectNames.alias(e);
    String dns = ServiceConnectNames.dnsName(a, discoveryName, ns.name());
    int p = a == null ? port.containerPort() : a.port();
    return MeshState.aliasKey(ns.id(), dns, p);
  }

  private static Set<String> ownDiscoveryArns(EcsService self) {
    Set<String> own = new HashSet<>();
    if (self != null) {
      for (Deployment d : self.deployments()) {
        if (d.serviceConnectResources() != null) {
          d.serviceConnectResources().forEach(r -> own.add(r.discoveryArn()));
        }
      }
    }
    return own;
  }

  /** Alias keys declared in the namespace by live deployments of other services, with the service name. */
  private static Map<String, String> aliasesInUse(MeshState s, String namespaceId, EcsService self) {
    Map<String, String> used = new TreeMap<>();
    for (EcsService svc : s.services().values()) {
      if (self != null && svc.serviceArn().equals(self.serviceArn())) {
        continue;
      }
      for (Deployment d : svc.deployments()) {
        if (EcsState.live(svc, d)) {
          for (EcsState.ResolvedAlias a : EcsState.aliases(s, svc, d)) {
            if (a.namespaceId().equals(namespaceId)) {
              used.put(a.key(), "service " + svc.serviceName());
            }
          }
        }
      }
    }
    return new HashMap<>(used);
  }
}
