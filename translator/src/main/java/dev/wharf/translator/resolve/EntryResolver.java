package dev.wharf.translator.resolve;

import dev.wharf.api.model.ecs.PortMapping;
import dev.wharf.api.model.ecs.ServiceConnectClientAlias;
import dev.wharf.api.model.ecs.ServiceConnectNames;
import dev.wharf.api.model.ecs.ServiceConnectService;
import dev.wharf.api.model.ecs.TimeoutConfiguration;
import dev.wharf.translator.ir.Protocol;
import dev.wharf.translator.ir.Timeouts;
import dev.wharf.translator.ir.Tls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Resolves the {@code services[]} entries of one deployment into {@link ScEntry}s. */
final class EntryResolver {
  /** Spec 39: AWS defaults, which are also Envoy's defaults (spec Part 2). */
  static final Duration DEFAULT_PER_REQUEST = Duration.ofSeconds(15);
  static final Duration DEFAULT_HTTP_IDLE = Duration.ofSeconds(300);
  static final Duration DEFAULT_TCP_IDLE = Duration.ofSeconds(3600);

  private EntryResolver() {}

  /** Entries in declaration order; an entry that cannot be resolved is reported and left out. */
  static List<ScEntry> resolve(ScDeployment sc, Problems problems) {
    List<ScEntry> out = new ArrayList<>();
    if (sc.config().services() == null || sc.taskDefinition() == null) {
      return out;
    }
    for (ServiceConnectService s : sc.config().services()) {
      ScEntry e = resolve(sc, s, problems);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private static ScEntry resolve(ScDeployment sc, ServiceConnectService s, Problems problems) {
    String subject = sc.service().serviceArn();
    PortMapping pm = sc.taskDefinition().portMapping(s.portName());
    if (pm == null || pm.containerPort() == null) {
      // Spec 1 / 3.4: the confirmed AWS wording.
      problems.add(Problem.PORT_NAME_NOT_FOUND, subject,
          "portName(" + s.portName() + ") does not refer to any named PortMapping in the container definitions");
      return null;
    }
    Protocol protocol = Protocol.fromAppProtocol(pm.appProtocol());
    if (protocol == null) {
      problems.add(Problem.UNSUPPORTED_APP_PROTOCOL, subject,
          "appProtocol " + pm.appProtocol() + " of port " + s.portName() + " is not http, http2 or grpc");
      return null;
    }
    String discoveryName = s.effectiveDiscoveryName(); // spec 3
    int containerPort = pm.containerPort();
    int ingressPort = positive(s.ingressPortOverride()) ? s.ingressPortOverride() : containerPort; // spec 29
    ServiceConnectClientAlias alias = ServiceConnectNames.alias(s);
    String nsName = sc.namespace() == null ? null : sc.namespace().name();
    String dnsName = ServiceConnectNames.dnsName(alias, discoveryName, nsName); // spec 5
    // Spec 8: no clientAliases gives the implicit alias discoveryName.namespace : containerPort.
    int aliasPort = alias != null && alias.port() != null ? alias.port() : containerPort;
    Timeouts timeouts = timeouts(s.timeout(), protocol, subject, problems);
    // Spec 54: awsPcaAuthorityArn selects the CA; Wharf has one, so any tls block turns TLS on.
    Tls tls = s.tls() == null || nsName == null ? null : new Tls(nsName);
    return new ScEntry(discoveryName, containerPort, ingressPort, protocol, timeouts, dnsName, aliasPort, tls);
  }

  /** Spec 39: per-request 15 s (HTTP family only), idle 300 s HTTP / 3600 s TCP; 0 disables. */
  static Timeouts timeouts(TimeoutConfiguration t, Protocol protocol, String subject, Problems problems) {
    Integer idle = t == null ? null : t.idleTimeoutSeconds();
    Integer perRequest = t == null ? null : t.perRequestTimeoutSeconds();
    if (!protocol.isHttp()) {
      if (perRequest != null) {
        problems.add(Problem.PER_REQUEST_TIMEOUT_ON_TCP, subject,
            "Only idleTimeout is allowed for TCP appProtocol; perRequestTimeoutSeconds ignored");
      }
      return new Timeouts(null, idle == null ? DEFAULT_TCP_IDLE : Duration.ofSeconds(idle));
    }
    return new Timeouts(
        perRequest == null ? DEFAULT_PER_REQUEST : Duration.ofSeconds(perRequest),
        idle == null ? DEFAULT_HTTP_IDLE : Duration.ofSeconds(idle));
  }

  private static boolean positive(Integer i) {
    return i != null && i > 0;
  }
}
