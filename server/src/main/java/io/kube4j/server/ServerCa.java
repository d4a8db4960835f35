package io.kube4j.server;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Learns the CA an apiserver presents, for a node that joins with a token pinning that CA's hash
 * (k3s's trust-on-first-use with a pin): a TLS handshake that accepts any chain, whose last
 * certificate is returned only if it is a self-signed CA. The caller compares it with the pin
 * before trusting it; nothing is sent over this connection. Stateless.
 */
final class ServerCa {

  private ServerCa() {}

  /**
   * @throws IOException if the server cannot be reached within {@code timeout}, or presents no CA
   *     in its chain (then the node needs {@code --certificate-authority})
   */
  static X509Certificate fetch(URI server, Duration timeout) throws IOException {
    int port = server.getPort() > 0 ? server.getPort() : 443;
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAnyChain()}, null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
        socket.connect(new java.net.InetSocketAddress(server.getHost(), port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        socket.startHandshake();
        Certificate[] chain = socket.getSession().getPeerCertificates();
        if (chain.length > 0 && chain[chain.length - 1] instanceof X509Certificate last
            && last.getBasicConstraints() >= 0
            && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
          return last;
        }
        throw new IOException("the server at " + server + " does not present its CA; give the node --certificate-authority");
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS handshake with " + server + " failed: " + e.getMessage(), e);
    }
  }

  /** Accepts every chain: the chain is checked against the token's pin afterwards, not here. */
  private static final class AcceptAnyChain implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // Pinned by the caller.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
