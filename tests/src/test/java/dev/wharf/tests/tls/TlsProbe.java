package dev.wharf.tests.tls;

import dev.wharf.controlplane.ca.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
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
    try (SSLSocket s = connect(ip, port, sni, roots, null)) {
      Certificate[] peer = s.getSession().getPeerCertificates();
      return Arrays.stream(peer).map(c -> (X509Certificate) c).toList();
    }
  }

  /**
   * Sends {@code GET /} over TLS, presenting {@code client} (null: no certificate), and returns the
   * first bytes of the answer, or null when the server closed or reset the connection instead (TLS
   * 1.3 reports a refused client certificate after the handshake, on the first read).
   */
  static String get(String ip, int port, String sni, List<X509Certificate> roots, IssuedCertificate client)
      throws IOException, GeneralSecurityException {
    try (SSLSocket s = connect(ip, port, sni, roots, client)) {
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      byte[] buf = new byte[64];
      int n = s.getInputStream().read(buf);
      return n <= 0 ? null : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    } catch (SSLException | SocketException refused) {
      return null;
    }
  }

  private static SSLSocket connect(String ip, int port, String sni, List<X509Certificate> roots,
      IssuedCertificate client) throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    for (int i = 0; i < roots.size(); i++) {
      trust.setCertificateEntry("root" + i, roots.get(i));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(client == null ? null : keyManagers(client), tmf.getTrustManagers(), null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
    try {
      s.connect(new InetSocketAddress(ip, port), 2000);
      s.setSoTimeout(5000);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName(sni)));
      p.setProtocols(new String[] {"TLSv1.3"});
      s.setSSLParameters(p);
      s.startHandshake();
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** A key manager presenting {@code cert} (PEM chain and PKCS#8 PEM key). */
  private static KeyManager[] keyManagers(IssuedCertificate cert) throws IOException, GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<Certificate> chain = new ArrayList<>(cf.generateCertificates(
        new ByteArrayInputStream(cert.certificateChainPem().getBytes(StandardCharsets.US_ASCII))));
    String b64 = cert.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
        Base64.getDecoder().decode(b64)));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("me", key, new char[0], chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    return kmf.getKeyManagers();
  }
}
