package dev.wharf.tests.ads;

import dev.wharf.bootstrap.BootstrapBuilder;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A gRPC channel that checks the control plane the way a Wharf sidecar's bootstrap makes Envoy
 * check it: the chain must lead to the given CA and the leaf must carry the URI SAN
 * {@link BootstrapBuilder#XDS_SAN} (no host name check, as Envoy's {@code match_typed_subject_alt_names}
 * replaces it); the credential goes in the metadata key {@link BootstrapBuilder#CREDENTIAL_HEADER}.
 */
final class AdsTls {
  private AdsTls() {}

  static ManagedChannel channel(int port, String caPem, String credential) {
    try {
      SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
          .trustManager(new SanCheckingTrust(pkix(caPem)));
      NettyChannelBuilder b = NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(ssl.build());
      if (credential != null) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of(BootstrapBuilder.CREDENTIAL_HEADER, Metadata.ASCII_STRING_MARSHALLER), credential);
        b.intercept(MetadataUtils.newAttachHeadersInterceptor(m));
      }
      return b.build();
    } catch (GeneralSecurityException | IOException e) {
      throw new AssertionError("cannot set up TLS to the control plane", e);
    }
  }

  private static X509TrustManager pkix(String caPem) throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry("wharf-ads-ca", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(ks);
    return (X509TrustManager) f.getTrustManagers()[0];
  }

  /** PKIX path to the CA, then the URI SAN; server side only. */
  private static final class SanCheckingTrust extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;

    SanCheckingTrust(X509TrustManager pkix) {
      this.pkix = pkix;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
      Collection<List<?>> sans = chain[0].getSubjectAlternativeNames();
      boolean ok = false;
      try {
        for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
          ok |= Integer.valueOf(6).equals(san.get(0)) && BootstrapBuilder.XDS_SAN.equals(san.get(1));
        }
      } catch (ClassCastException e) {
        throw new CertificateParsingException(e);
      }
      if (!ok) {
        throw new CertificateException("the ADS certificate lacks the URI SAN " + BootstrapBuilder.XDS_SAN);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }
  }
}
