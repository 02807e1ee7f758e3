package dev.wharf.translator;

import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.api.state.MeshState;
import dev.wharf.translator.ir.HostEntry;
import dev.wharf.translator.ir.OutlierDetection;
import dev.wharf.translator.ir.ProxyConfig;
import dev.wharf.translator.resolve.Resolution;
import dev.wharf.translator.resolve.Resolver;
import dev.wharf.translator.xds.ProxyPlan;
import dev.wharf.translator.xds.XdsTranslator;
import java.util.List;

/**
 * Translates a {@link MeshState} into Envoy resources per proxy group: stage 1 ({@link Resolver})
 * then stage 2 ({@link XdsTranslator}) for each group. Best effort: bad input is returned as
 * {@link TranslationResult#problems()} and everything else is translated.
 *
 * <p>A translator is incremental: it remembers, by input, what it built for the previous state, so
 * translating the next state costs what changed (an endpoint change rebuilds one assignment, and the
 * proxies of the namespace share the new upstream part). Its output is always equal to
 * {@link #translateOnce} of the same state, a translation from scratch; the same state and options
 * give byte-identical resources. Not thread-safe: one reconciler thread per translator.
 */
public final class Translator {
  private final TranslatorOptions options;
  private final Resolver resolver;
  private final XdsTranslator xds;

  public Translator(TranslatorOptions options) {
    this.options = options;
    this.resolver = new Resolver(options.frozenAliases(), outlier(options));
    this.xds = new XdsTranslator(options.mutualTls());
  }

  /** A translation from scratch with {@link TranslatorOptions#defaults()}. */
  public static TranslationResult translateOnce(MeshState state) {
    return translateOnce(state, TranslatorOptions.defaults());
  }

  /** A translation from scratch: the reference every incremental result equals. */
  public static TranslationResult translateOnce(MeshState state, TranslatorOptions options) {
    return new Translator(options).translate(state);
  }

  public TranslatorOptions options() {
    return options;
  }

  /** Translates {@code state}, reusing what did not change since the previous call. */
  public TranslationResult translate(MeshState state) {
    Resolution resolution = resolver.resolve(state);
    ImmutableSortedMap.Builder<String, ProxyPlan> groups = ImmutableSortedMap.naturalOrder();
    ImmutableSortedMap.Builder<String, List<HostEntry>> hosts = ImmutableSortedMap.naturalOrder();
    xds.beginPass();
    for (ProxyConfig p : resolution.proxies().values()) {
      groups.put(p.taskArn(), xds.translate(p));
      hosts.put(p.taskArn(), p.hosts());
    }
    xds.endPass();
    return new TranslationResult(resolution.proxies(), groups.build(), hosts.build(), resolution.problems());
  }

  /** Spec 37: 5 consecutive failures, ejection time and its maximum from the options. */
  private static OutlierDetection outlier(TranslatorOptions options) {
    return new OutlierDetection(OutlierDetection.CONSECUTIVE_5XX, options.baseEjectionTime(),
        options.maxEjectionTime(), options.outlierInterval());
  }
}
