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

  /**
   * What one {@link #withSecrets} call builds: the caches that replace the issuer's when it ends, and the
   * earliest renewal among the leaves it serves. {@code now} and {@code generation} are read once per call.
   */
  private static final class Pass {
    final Instant now;
    final long generation;
    final Map<SecretSpec, Leaf> leaves = new HashMap<>();
    final Map<ProxyConfig, List<SecretSpec>> specs = new IdentityHashMap<>();
    final Map<List<Secret>, ProxyResources> parts = new HashMap<>();
    final Map<String, Planned> planned = new HashMap<>();
    Instant due = Instant.MAX;

    Pass(Instant now, long generation) {
      this.now = now;
      this.generation = generation;
    }
  }

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
    Pass pass = new Pass(clock.instant(), ca.generation());
    String pem = ca.trustBundlePem();
    refreshBundle(pem);
    Map<String, ProxyPlan> out = new TreeMap<>();
    for (Map.Entry<String, ProxyPlan> e : plans.entrySet()) {
      ProxyConfig p = ir.get(e.getKey());
      List<SecretSpec> need = p == null ? List.of() : pass.specs.computeIfAbsent(p,
          k -> specs.containsKey(k) ? specs.get(k) : SecretSpec.required(k, mutualTls));
      out.put(e.getKey(), need.isEmpty() ? e.getValue() : planWithSecrets(pass, e.getKey(), e.getValue(), need));
    }
    deleteRetiredLeaves(pass.leaves);
    leaves = pass.leaves;
    specs = pass.specs;
    parts = pass.parts;
    planned = pass.planned;
    nextRenewal = pass.due;
    passBundle = pem;
    passGeneration = pass.generation;
    return out;
  }

  /** Rebuilds the trust bundle Secret only when the CA's bundle changed, so an unchanged one is the same object. */
  private void refreshBundle(String pem) {
    if (!pem.equals(bundlePem)) {
      bundlePem = pem;
      bundle = TlsBuilder.trustBundle(Names.TRUST_SECRET, pem);
    }
  }

  /**
   * {@code base} with its secrets part appended; the part and the plan are last pass's objects when the
   * group's secrets and base plan are unchanged.
   */
  private ProxyPlan planWithSecrets(Pass pass, String group, ProxyPlan base, List<SecretSpec> need) {
    List<Secret> secrets = new ArrayList<>(need.size());
    for (SecretSpec s : need) {
      secrets.add(s.kind() == SecretSpec.Kind.TRUST_BUNDLE ? bundle : leaf(pass, s).secret());
    }
    List<Secret> key = List.copyOf(secrets);
    ProxyResources part = pass.parts.computeIfAbsent(key,
        k -> parts.containsKey(k) ? parts.get(k) : ProxyResources.ofSecrets(k));
    Planned before = planned.get(group);
    Planned plannedGroup = before != null && before.base() == base && before.secrets() == part ? before
        : new Planned(base, part, append(base, part));
    pass.planned.put(group, plannedGroup);
    return plannedGroup.plan();
  }

  /**
   * The leaf for {@code s} in this pass: the one already used this pass, else last pass's or the stored
   * one while it is under the current root and not due for renewal, else a newly issued one.
   */
  private Leaf leaf(Pass pass, SecretSpec s) {
    Leaf leaf = pass.leaves.get(s);
    if (leaf != null) {
      return leaf;
    }
    leaf = leaves.get(s);
    if (leaf == null && store != null) {
      leaf = stored(s, pass.generation);
    }
    if (leaf == null || leaf.generation() != pass.generation || !pass.now.isBefore(renewAt(leaf))) {
      leaf = issue(s, pass.now, pass.generation);
    }
    pass.leaves.put(s, leaf);
    Instant renew = renewAt(leaf);
    pass.due = renew.isBefore(pass.due) ? renew : pass.due;
    return leaf;
  }

  /** A new leaf for {@code s} from the CA, saved to the leaf store when there is one. */
  private Leaf issue(SecretSpec s, Instant now, long generation) {
    IssuedCertificate c = ca.issue(s.uris(), s.dnsNames(), validity);
    Leaf leaf = new Leaf(c, TlsBuilder.certificate(s.name(), c.certificateChainPem(), c.privateKeyPem()), now,
        generation);
    if (store != null) {
      store.save(s, c);
    }
    return leaf;
  }

  /** Removes from the leaf store the leaves no proxy uses any more. */
  private void deleteRetiredLeaves(Map<SecretSpec, Leaf> kept) {
    if (store == null) {
      return;
    }
    for (SecretSpec gone : leaves.keySet()) {
      if (!kept.containsKey(gone)) {
        store.delete(gone);
      }
    }
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
