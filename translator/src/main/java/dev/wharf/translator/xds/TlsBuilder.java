package dev.wharf.translator.xds;

import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.wharf.translator.ir.Protocol;
import dev.wharf.translator.ir.Tls;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds TLS transport sockets and SDS Secrets (spec 54-56). Every certificate and trust bundle is
 * named, never inlined, in listeners and clusters ({@code sds_config: {ads: {}}}), so a rotation
 * changes Secrets only. TLS 1.3 on both sides, as Service Connect (Envoy's client default maximum is
 * 1.2, so it is set explicitly).
 */
public final class TlsBuilder {
  /** {@code transport_socket.name}; Envoy selects the factory by the typed config. */
  static final String TLS_SOCKET = "envoy.transport_sockets.tls";

  private TlsBuilder() {}

  /**
   * The ingress listener's {@code DownstreamTlsContext}: the discovery name's certificate; with
   * {@code mutual} (a Wharf extension) the client must present a certificate from Wharf's roots
   * carrying an identity of the same namespace.
   */
  public static TransportSocket downstream(String discoveryName, Tls tls, Protocol protocol, boolean mutual) {
    CommonTlsContext.Builder common = common(protocol, true)
        .addTlsCertificateSdsSecretConfigs(sds(Names.certificateSecret(discoveryName)));
    DownstreamTlsContext.Builder ctx = DownstreamTlsContext.newBuilder();
    if (mutual) {
      common.setCombinedValidationContext(validation(StringMatcher.newBuilder()
          .setPrefix(Names.spiffeNamespace(tls.namespace())).build()));
      ctx.setRequireClientCertificate(BoolValue.of(true));
    }
    return socket(ctx.setCommonTlsContext(common).build());
  }

  /**
   * An upstream cluster's {@code UpstreamTlsContext}: SNI the discovery name, and the server must
   * present a certificate from Wharf's roots carrying the discovery name's SPIFFE URI (spec 56);
   * with {@code mutual}, the proxy's own identity certificate.
   */
  public static TransportSocket upstream(String discoveryName, Tls tls, Protocol protocol, boolean mutual) {
    CommonTlsContext.Builder common = common(protocol, false)
        .setCombinedValidationContext(validation(StringMatcher.newBuilder()
            .setExact(Names.spiffeService(tls.namespace(), discoveryName)).build()));
    if (mutual) {
      common.addTlsCertificateSdsSecretConfigs(sds(Names.IDENTITY_SECRET));
    }
    return socket(UpstreamTlsContext.newBuilder().setSni(discoveryName).setCommonTlsContext(common).build());
  }

  /** A certificate Secret: PEM chain and PEM private key, inline. */
  public static Secret certificate(String name, String chainPem, String keyPem) {
    return Secret.newBuilder().setName(name).setTlsCertificate(TlsCertificate.newBuilder()
        .setCertificateChain(inline(chainPem))
        .setPrivateKey(inline(keyPem))).build();
  }

  /** The trust bundle Secret: every accepted root, PEM, concatenated. */
  public static Secret trustBundle(String name, String rootsPem) {
    return Secret.newBuilder().setName(name).setValidationContext(CertificateValidationContext.newBuilder()
        .setTrustedCa(inline(rootsPem))).build();
  }

  /** The SDS names a transport socket refers to (for reference checks). */
  public static List<String> secretNames(TransportSocket socket) {
    try {
      CommonTlsContext c;
      if (socket.getTypedConfig().is(DownstreamTlsContext.class)) {
        c = socket.getTypedConfig().unpack(DownstreamTlsContext.class).getCommonTlsContext();
      } else if (socket.getTypedConfig().is(UpstreamTlsContext.class)) {
        c = socket.getTypedConfig().unpack(UpstreamTlsContext.class).getCommonTlsContext();
      } else {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      c.getTlsCertificateSdsSecretConfigsList().forEach(s -> out.add(s.getName()));
      if (c.hasCombinedValidationContext()) {
        out.add(c.getCombinedValidationContext().getValidationContextSdsSecretConfig().getName());
      }
      return out;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CommonTlsContext.Builder common(Protocol protocol, boolean server) {
    CommonTlsContext.Builder b = CommonTlsContext.newBuilder().setTlsParams(TlsParameters.newBuilder()
        .setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3)
        .setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_3));
    // ALPN: the server offers both HTTP versions (its codec is AUTO); a client asks for the one its
    // cluster speaks. TCP ports negotiate nothing.
    if (protocol.isHttp()) {
      if (server) {
        b.addAlpnProtocols("h2").addAlpnProtocols("http/1.1");
      } else {
        b.addAlpnProtocols(protocol.isHttp2() ? "h2" : "http/1.1");
      }
    }
    return b;
  }

  private static CommonTlsContext.CombinedCertificateValidationContext.Builder validation(StringMatcher uri) {
    return CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
        .setDefaultValidationContext(CertificateValidationContext.newBuilder()
            .addMatchTypedSubjectAltNames(SubjectAltNameMatcher.newBuilder()
                .setSanType(SubjectAltNameMatcher.SanType.URI)
                .setMatcher(uri)))
        .setValidationContextSdsSecretConfig(sds(Names.TRUST_SECRET));
  }

  private static SdsSecretConfig sds(String name) {
    return SdsSecretConfig.newBuilder().setName(name).setSdsConfig(Protos.ads()).build();
  }

  private static DataSource inline(String pem) {
    return DataSource.newBuilder().setInlineBytes(ByteString.copyFrom(pem, StandardCharsets.UTF_8)).build();
  }

  private static TransportSocket socket(Message ctx) {
    return TransportSocket.newBuilder().setName(TLS_SOCKET).setTypedConfig(Protos.pack(ctx)).build();
  }
}
