package dev.wharf.translator.xds;

import dev.wharf.translator.ir.IngressListener;
import dev.wharf.translator.ir.ProxyConfig;
import dev.wharf.translator.ir.Upstream;
import java.util.ArrayList;
import java.util.List;

/**
 * A Secret a proxy's listeners and clusters name (spec 56), and what goes in it: the translator names
 * secrets and says which identity each certificate carries; the bytes come from a CA outside the
 * translation ({@link TlsBuilder#certificate}, {@link TlsBuilder#trustBundle} build the messages).
 *
 * @param name the SDS resource name ({@link Names})
 * @param kind a certificate with its key, or the trust bundle
 * @param uris URI SANs of the certificate; empty for the trust bundle
 * @param dnsNames DNS SANs of the certificate; empty for the trust bundle
 */
public record SecretSpec(String name, Kind kind, List<String> uris, List<String> dnsNames) {
  /** What a Secret holds. */
  public enum Kind { CERTIFICATE, TRUST_BUNDLE }

  public SecretSpec {
    uris = List.copyOf(uris);
    dnsNames = List.copyOf(dnsNames);
  }

  /**
   * Every secret {@code p}'s resources name, sorted by name: the certificate of each TLS ingress
   * listener, the trust bundle when any TLS upstream (or, with {@code mutualTls}, TLS ingress)
   * verifies a peer, and with {@code mutualTls} the proxy's own certificate when it has a TLS
   * upstream. Exactly the names {@link TlsBuilder} put in the plan of the same config.
   */
  public static List<SecretSpec> required(ProxyConfig p, boolean mutualTls) {
    List<SecretSpec> out = new ArrayList<>();
    boolean trust = false;
    for (IngressListener l : p.ingress()) {
      if (l.tls() != null) {
        out.add(new SecretSpec(Names.certificateSecret(l.discoveryName()), Kind.CERTIFICATE,
            List.of(Names.spiffeService(l.tls().namespace(), l.discoveryName())), List.of(l.discoveryName())));
        trust |= mutualTls;
      }
    }
    String identityNamespace = null;
    for (Upstream u : p.upstreams()) {
      if (u.tls() != null) {
        trust = true;
        identityNamespace = u.tls().namespace();
      }
    }
    if (mutualTls && identityNamespace != null) {
      out.add(new SecretSpec(Names.IDENTITY_SECRET, Kind.CERTIFICATE,
          List.of(Names.spiffeTask(identityNamespace, p.taskArn())), List.of()));
    }
    if (trust) {
      out.add(new SecretSpec(Names.TRUST_SECRET, Kind.TRUST_BUNDLE, List.of(), List.of()));
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return List.copyOf(out);
  }
}
