package io.kube4j.apiserver.pki;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * JSSE contexts built from in-memory keys, so no key ever passes through a keystore file.
 *
 * <p>The server side asks for (does not require) a client certificate and names the cluster CA as
 * the issuer it accepts, but does not itself verify the chain a client sends: that is
 * {@code X509Authenticator}'s job, as in upstream's apiserver, so a certificate from a foreign CA
 * ends in a 401 Status rather than a TLS alert the client cannot explain. The handshake still
 * proves that the client holds the certificate's key. Stateless; thread-safe.
 */
public final class TlsContexts {

    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private TlsContexts() {
    }

    /** A server context presenting {@code serving} (with {@code ca} in its chain). */
    public static SSLContext server(KeyedCertificate serving, X509Certificate ca) {
        return context(keyManagers(serving, ca), new TrustManager[] {new DeferredClientTrust(ca)});
    }

    /**
     * A server context presenting {@code key} with {@code chain} (leaf first), and asking for client
     * certificates of {@code clientCa} with the verdict deferred, as {@link #server(KeyedCertificate,
     * X509Certificate)}: for servers whose serving chain is not the cluster CA's (the kubelet's
     * self-signed certificate).
     */
    public static SSLContext server(PrivateKey key, List<X509Certificate> chain, X509Certificate clientCa) {
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("identity", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(store, IN_MEMORY_PASSWORD);
            return context(kmf.getKeyManagers(), new TrustManager[] {new DeferredClientTrust(clientCa)});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server TLS context", e);
        }
    }

    /** A client context presenting {@code identity} (may be null) and trusting only {@code ca}. */
    public static SSLContext client(KeyedCertificate identity, X509Certificate ca) {
        try {
            KeyStore trust = emptyStore();
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            // The client sends its leaf alone: the server holds the CA, and a leaf from elsewhere
            // (tests of rejection) must not be forced into a chain with it.
            return context(identity == null ? null : keyManagers(identity, null), tmf.getTrustManagers());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }

    /** Key managers presenting {@code identity}, followed by {@code issuer} when not null. */
    private static KeyManager[] keyManagers(KeyedCertificate identity, X509Certificate issuer) {
        try {
            KeyStore store = emptyStore();
            X509Certificate[] chain = issuer == null || identity.certificate().equals(issuer)
                    ? new X509Certificate[] {identity.certificate()}
                    : new X509Certificate[] {identity.certificate(), issuer};
            store.setKeyEntry("identity", identity.privateKey(), IN_MEMORY_PASSWORD, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(store, IN_MEMORY_PASSWORD);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build key managers for " + identity, e);
        }
    }

    private static SSLContext context(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise a TLS context", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /**
     * Accepts any client chain at the TLS layer (verification is deferred to the authenticator)
     * while naming the CA as the acceptable issuer. Refuses to judge servers: it is server-side only.
     */
    private static final class DeferredClientTrust extends X509ExtendedTrustManager {
        private final X509Certificate[] issuers;

        DeferredClientTrust(X509Certificate ca) {
            this.issuers = new X509Certificate[] {ca};
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Deferred: X509Authenticator verifies the chain against the CA for each request.
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // Deferred, as above.
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // Deferred, as above.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this trust manager only serves the server side");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("this trust manager only serves the server side");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("this trust manager only serves the server side");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return issuers.clone();
        }
    }
}
