package dev.wharf.tests.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK TLS 1.3 client for the tests: connects to an address with an SNI name, trusting only the given
 * roots, and returns the certificate chain the server sent (what {@code openssl s_client} would show).
 * A handshake the trust check refuses throws.
 */
final class TlsProbe {
  private TlsProbe() {}

  /** The server's chain, leaf first; throws {@code SSLHandshakeException} when it is not trusted. */
  static List<X509Certificate> chain(String ip, int port, String sni, List<X509Certificate> roots)
      throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    for (int i = 0; i < roots.size(); i++) {
      trust.setCertificateEntry("root" + i, roots.get(i));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
      s.connect(new InetSocketAddress(ip, port), 2000);
      s.setSoTimeout(5000);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName(sni)));
      p.setProtocols(new String[] {"TLSv1.3"});
      s.setSSLParameters(p);
      s.startHandshake();
      Certificate[] peer = s.getSession().getPeerCertificates();
      return Arrays.stream(peer).map(c -> (X509Certificate) c).toList();
    }
  }
}
