package io.kube4j.apiserver.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that signs service-account tokens when none is given by flag: {@code sa.key} (private,
 * mode 0600) and {@code sa.pub} (its public half, PKIX PEM, mode 0644) in the PKI directory, as
 * kubeadm keeps them. Made at first start, reused after; a missing or stale {@code sa.pub} is
 * rewritten from {@code sa.key}. New keys are ECDSA P-256 (ES256 tokens, which upstream signs and
 * verifies as well as RS256): made in a millisecond where RSA-2048 takes a hundred or more. A key
 * placed there beforehand (RSA or EC, PKCS#8, PKCS#1 or SEC1) is used as is.
 *
 * <p>Also reads the files of {@code --service-account-key-file} and
 * {@code --service-account-signing-key-file}. Stateless; thread-safe for distinct directories.
 */
public final class ServiceAccountKeyFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountKeyFiles.class);

    /** The private key's file name in the PKI directory. */
    public static final String PRIVATE_KEY = "sa.key";
    /** The public key's file name in the PKI directory. */
    public static final String PUBLIC_KEY = "sa.pub";

    private ServiceAccountKeyFiles() {
    }

    /**
     * The signing key pair in {@code pkiDirectory}, created when absent.
     *
     * @throws IllegalStateException when {@code sa.key} exists but holds no usable private key
     * @throws IOException           when the files cannot be read or written
     */
    public static KeyPair loadOrCreate(Path pkiDirectory) throws IOException {
        PkiFiles.ensureDirectory(pkiDirectory);
        Path keyFile = pkiDirectory.resolve(PRIVATE_KEY);
        Path pubFile = pkiDirectory.resolve(PUBLIC_KEY);
        Optional<String> keyPem = PkiFiles.read(keyFile);
        KeyPair pair;
        if (keyPem.isPresent()) {
            try {
                PrivateKey key = Pem.parsePrivateKey(keyPem.get());
                pair = new KeyPair(Pem.publicKeyOf(key), key);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("unusable service-account key " + keyFile + ": " + e.getMessage(), e);
            }
        } else {
            pair = generate();
            PkiFiles.writeSecret(keyFile, Pem.privateKey(pair.getPrivate()));
            LOG.info("created the service-account signing key {}", keyFile);
        }
        String pubPem = Pem.publicKey(pair.getPublic());
        if (!PkiFiles.read(pubFile).map(pubPem::equals).orElse(false)) {
            PkiFiles.writePublic(pubFile, pubPem);
        }
        return pair;
    }

    /**
     * The private key in {@code file} ({@code --service-account-signing-key-file}) with its public half.
     *
     * @throws IllegalArgumentException naming the file when it holds no usable RSA or EC private key
     * @throws IOException              when it cannot be read
     */
    public static KeyPair readSigningKey(Path file) throws IOException {
        String pem = PkiFiles.read(file).orElseThrow(() -> new IOException("no such file: " + file));
        try {
            PrivateKey key = Pem.parsePrivateKey(pem);
            return new KeyPair(Pem.publicKeyOf(key), key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid service-account signing key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The verification keys in {@code file} ({@code --service-account-key-file}): public keys,
     * certificates or private keys, as upstream accepts.
     *
     * @throws IllegalArgumentException naming the file when it holds none or a malformed one
     * @throws IOException              when it cannot be read
     */
    public static List<PublicKey> readPublicKeys(Path file) throws IOException {
        String pem = PkiFiles.read(file).orElseThrow(() -> new IOException("no such file: " + file));
        try {
            return Pem.parsePublicKeys(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid service-account key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ECDSA P-256 key", e);
        }
    }
}
