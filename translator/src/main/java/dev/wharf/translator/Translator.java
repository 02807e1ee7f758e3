package dev.wharf.translator;

import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.api.state.MeshState;
import dev.wharf.translator.ir.HostEntry;
import dev.wharf.translator.ir.OutlierDetection;
import dev.wharf.translator.ir.ProxyConfig;
import dev.wharf.translator.resolve.Resolution;
import dev.wharf.translator.resolve.Resolver;
import dev.wharf.translator.xds.ClusterBuilder;
import dev.wharf.translator.xds.ProxyResources;
import dev.wharf.translator.xds.XdsTranslator;
import java.util.List;

/**
 * Translates a whole {@link MeshState} into Envoy resources per proxy group: stage 1
 * ({@link Resolver}) then stage 2 ({@link XdsTranslator}) for each group. Best effort: bad input is
 * returned as {@link TranslationResult#problems()} and everything else is translated. Pure, stateless
 * and thread-safe; the same state and options give byte-identical resources.
 */
public final class Translator {

  /** Translates with {@link TranslatorOptions#defaults()}. */
  public TranslationResult translate(MeshState state) {
    return translate(state, TranslatorOptions.defaults());
  }

  public TranslationResult translate(MeshState state, TranslatorOptions options) {
    OutlierDetection outlier = new OutlierDetection(
        ClusterBuilder.CONSECUTIVE_5XX, options.baseEjectionTime(), options.maxEjectionTime(),
        options.outlierInterval());
    Resolution resolution = Resolver.resolve(state, options.frozenAliases(), outlier);
    ImmutableSortedMap.Builder<String, ProxyResources> groups = ImmutableSortedMap.naturalOrder();
    ImmutableSortedMap.Builder<String, List<HostEntry>> hosts = ImmutableSortedMap.naturalOrder();
    for (ProxyConfig p : resolution.proxies().values()) {
      groups.put(p.taskArn(), XdsTranslator.translate(p));
      hosts.put(p.taskArn(), p.hosts());
    }
    return new TranslationResult(resolution.proxies(), groups.build(), hosts.build(), resolution.problems());
  }
}
