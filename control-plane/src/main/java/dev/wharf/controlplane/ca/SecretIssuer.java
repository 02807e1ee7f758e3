package dev.wharf.controlplane.ca;

import dev.wharf.translator.ir.ProxyConfig;
import dev.wharf.translator.xds.Names;
import dev.wharf.translator.xds.ProxyPlan;
import dev.wharf.translator.xds.ProxyResources;
import dev.wharf.translator.xds.SecretSpec;
import dev.wharf.translator.xds.TlsBuilder;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fills the secrets the translator names (spec 56): each proxy group's plan gets one more part, its
 * Secrets, so every SDS name resolves in the same snapshot as the listeners and clusters naming it.
 *
 * <p><b>Leaves</b> are issued per {@link SecretSpec} (a discovery name's certificate is the same bytes
 * in every group that serves it) and renewed when {@code renewAfter} has passed since issue (spec 55:
 * 7-day certificates renewed after 5 days), or when the CA's signing root changed. <b>The trust
 * bundle</b> is the CA's current bundle. Unchanged secrets are the same objects from pass to pass, and
 * so are the parts and plans built from them: an unchanged group is skipped by the publisher in O(1).
 *
 * <p>Not thread-safe: called from the reconciler thread; {@link #nextRenewal()} and the published
 * markers are readable from any thread.
 */
public final class SecretIssuer {
  private final CertificateAuthority ca;
  private final Duration validity;
  private final Duration renewAfter;
  private final Clock clock;
  private final boolean mutualTls;
  private final LeafStore store;

  /** A leaf as served: when it was issued and under which root generation. */
  private record Leaf(IssuedCertificate cert, Secret secret, Instant issuedAt, long generation) {}

  /** A group's plan with its secrets part, and what it was built from. */
  private record Planned(ProxyPlan base, ProxyResources secrets, ProxyPlan plan) {}

  private Map<SecretSpec, Leaf> leaves = new HashMap<>();
  private Map<ProxyConfig, List<SecretSpec>> specs = new IdentityHashMap<>();
  private Map<List<Secret>, ProxyResources> parts = new HashMap<>();
  private Map<String, Planned> planned = new HashMap<>();
  private String bundlePem;
  private Secret bundle;
  private volatile Instant nextRenewal = Instant.MAX;
  private String passBundle;
  private long passGeneration = -1;
  private volatile String publishedBundle;
  private volatile long publishedGeneration = -1;

  /**
   * @param validity leaf lifetime ({@code --tls-leaf-validity}, default 7 days)
   * @param renewAfter age at which a leaf is replaced ({@code --tls-leaf-renew-after}, default 5 days)
   * @param mutualTls the translator's option: whether proxies get their own identity certificates
   */
  public SecretIssuer(CertificateAuthority ca, Duration validity, Duration renewAfter, Clock clock, boolean mutualTls) {
    this(ca, validity, renewAfter, clock, mutualTls, null);
  }

  /**
   * The same, keeping issued leaves in {@code leafDir} (0600 files): a restarted control plane serves
   * the leaves it served before, so a restart pushes no new certificates. Null keeps them in memory.
   */
  public SecretIssuer(CertificateAuthority ca, Duration validity, Duration renewAfter, Clock clock, boolean mutualTls,
      Path leafDir) {
    if (renewAfter.compareTo(validity) >= 0) {
      throw new IllegalArgumentException("leaf renewal (" + renewAfter + ") must come before expiry ("
          + validity + ")");
    }
    this.ca = ca;
    this.validity = validity;
    this.renewAfter = renewAfter;
    this.clock = clock;
    this.mutualTls = mutualTls;
    this.store = leafDir == null ? null : new LeafStore(leafDir);
  }

  /**
   * The plans with their secrets: a group whose proxy needs none keeps its plan object; the others get
   * {@code [parts..., secrets]}. {@code ir} is the translation's proxy configs by group.
   */
  public Map<String, ProxyPlan> withSecrets(Map<String, ProxyPlan> plans, Map<String, ProxyConfig> ir) {
    Instant now = clock.instant();
    long generation = ca.generation();
    String pem = ca.trustBundlePem();
    if (!pem.equals(bundlePem)) {
      bundlePem = pem;
      bundle = TlsBuilder.trustBundle(Names.TRUST_SECRET, pem);
    }
    Map<SecretSpec, Leaf> leavesNext = new HashMap<>();
    Map<ProxyConfig, List<SecretSpec>> specsNext = new IdentityHashMap<>();
    Map<List<Secret>, ProxyResources> partsNext = new HashMap<>();
    Map<String, Planned> plannedNext = new HashMap<>();
    Map<String, ProxyPlan> out = new TreeMap<>();
    Instant due = Instant.MAX;
    for (Map.Entry<String, ProxyPlan> e : plans.entrySet()) {
      ProxyConfig p = ir.get(e.getKey());
      List<SecretSpec> need = p == null ? List.of() : specsNext.computeIfAbsent(p,
          k -> specs.containsKey(k) ? specs.get(k) : SecretSpec.required(k, mutualTls));
      if (need.isEmpty()) {
        out.put(e.getKey(), e.getValue());
        continue;
      }
      List<Secret> secrets = new ArrayList<>(need.size());
      for (SecretSpec s : need) {
        if (s.kind() == SecretSpec.Kind.TRUST_BUNDLE) {
          secrets.add(bundle);
          continue;
        }
        Leaf leaf = leavesNext.get(s);
        if (leaf == null) {
          leaf = leaves.get(s);
          if (leaf == null && store != null) {
            leaf = stored(s, generation);
          }
          if (leaf == null || leaf.generation() != generation || !now.isBefore(renewAt(leaf))) {
            IssuedCertificate c = ca.issue(s.uris(), s.dnsNames(), validity);
            leaf = new Leaf(c, TlsBuilder.certificate(s.name(), c.certificateChainPem(), c.privateKeyPem()), now,
                generation);
            if (store != null) {
              store.save(s, c);
            }
          }
          leavesNext.put(s, leaf);
          Instant renew = renewAt(leaf);
          due = renew.isBefore(due) ? renew : due;
        }
        secrets.add(leaf.secret());
      }
      List<Secret> key = List.copyOf(secrets);
      ProxyResources part = partsNext.computeIfAbsent(key,
          k -> parts.containsKey(k) ? parts.get(k) : ProxyResources.ofSecrets(k));
      Planned before = planned.get(e.getKey());
      Planned plannedGroup = before != null && before.base() == e.getValue() && before.secrets() == part ? before
          : new Planned(e.getValue(), part, append(e.getValue(), part));
      plannedNext.put(e.getKey(), plannedGroup);
      out.put(e.getKey(), plannedGroup.plan());
    }
    if (store != null) {
      for (SecretSpec gone : leaves.keySet()) {
        if (!leavesNext.containsKey(gone)) {
          store.delete(gone);
        }
      }
    }
    leaves = leavesNext;
    specs = specsNext;
    parts = partsNext;
    planned = plannedNext;
    nextRenewal = due;
    passBundle = pem;
    passGeneration = generation;
    return out;
  }

  /** The plans of the last {@link #withSecrets} are published: what they hold is what proxies are sent. */
  public void published() {
    publishedBundle = passBundle;
    publishedGeneration = passGeneration;
  }

  /** When the earliest leaf in use is due for renewal; {@link Instant#MAX} when none. */
  public Instant nextRenewal() {
    return nextRenewal;
  }

  /** The trust bundle (PEM) of the last published pass. */
  public String publishedBundle() {
    return publishedBundle;
  }

  /** The CA generation every leaf of the last published pass was issued under. */
  public long publishedGeneration() {
    return publishedGeneration;
  }

  /** The certificates in use, by secret name and SANs (admin and tests; no keys). */
  public Map<String, String> serials() {
    Map<String, String> m = new TreeMap<>();
    leaves.forEach((s, l) -> m.put(s.name() + " " + s.uris(), l.cert().serial().toString(16)));
    return m;
  }

  /**
   * When a leaf is replaced: {@code renewAfter} after its issue, and never later than the slack the
   * settings leave before expiry ({@code validity - renewAfter}), so a leaf issued under other settings
   * (an earlier run's, kept on disk) is replaced before it expires.
   */
  private Instant renewAt(Leaf leaf) {
    Instant byAge = leaf.issuedAt().plus(renewAfter);
    Instant byExpiry = leaf.cert().notAfter().minus(validity.minus(renewAfter));
    return byAge.isBefore(byExpiry) ? byAge : byExpiry;
  }

  /** A leaf kept on disk from an earlier run, if the current root signed it; issued at notBefore + skew. */
  private Leaf stored(SecretSpec s, long generation) {
    IssuedCertificate c = store.load(s, ca.signingRoot().getPublicKey());
    if (c == null) {
      return null;
    }
    Instant issuedAt = c.notBefore().plus(CertificateAuthority.SKEW);
    return new Leaf(c, TlsBuilder.certificate(s.name(), c.certificateChainPem(), c.privateKeyPem()), issuedAt,
        generation);
  }

  private static ProxyPlan append(ProxyPlan base, ProxyResources secrets) {
    List<ProxyResources> parts = new ArrayList<>(base.parts());
    parts.add(secrets);
    return new ProxyPlan(parts);
  }
}
