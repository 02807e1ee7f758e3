package dev.wharf.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.translator.ir.ProxyConfig;
import dev.wharf.translator.xds.ProxyResources;
import dev.wharf.translator.xds.SecretSpec;
import dev.wharf.translator.xds.TlsBuilder;
import dev.wharf.translator.xds.XdsTranslator;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case, with and without mutual TLS: the secrets {@link SecretSpec#required} names for a
 * proxy are exactly the SDS names its listeners and clusters use (spec 56): none missing (a listener
 * or cluster would warm for 15 s, then reset connections), none extra (a proxy gets only what it uses).
 */
class SecretNamesTest {
  static List<String> cases() throws IOException {
    return GoldenCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void requiredSecretsAreExactlyTheReferencedOnes(String name) throws IOException {
    StateFixture fixture = StateFixture.read(GoldenCases.IN.resolve(name + ".yaml"));
    TranslationResult r = Translator.translateOnce(fixture.state(), fixture.translatorOptions());
    for (ProxyConfig p : r.ir().values()) {
      for (boolean mutual : new boolean[] {false, true}) {
        Set<String> named = new TreeSet<>();
        SecretSpec.required(p, mutual).forEach(s -> named.add(s.name()));
        assertEquals(referenced(XdsTranslator.translateOnce(p, mutual).flatten()), named,
            p.taskArn() + (mutual ? " (mutual TLS)" : ""));
      }
    }
  }

  private static Set<String> referenced(ProxyResources r) {
    Set<String> out = new TreeSet<>();
    for (Cluster c : r.clusters()) {
      if (c.hasTransportSocket()) {
        out.addAll(TlsBuilder.secretNames(c.getTransportSocket()));
      }
    }
    for (Listener l : r.listeners()) {
      for (FilterChain fc : l.getFilterChainsList()) {
        if (fc.hasTransportSocket()) {
          out.addAll(TlsBuilder.secretNames(fc.getTransportSocket()));
        }
      }
    }
    return out;
  }
}
