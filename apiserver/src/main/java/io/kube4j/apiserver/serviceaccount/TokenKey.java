package io.kube4j.apiserver.serviceaccount;

import io.kube4j.apiserver.json.KubeJson;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import tools.jackson.databind.node.ObjectNode;

/**
 * A key that verifies service-account tokens: the public key, its key id and its JWS algorithm.
 * The key id is upstream's: the unpadded base64url SHA-256 of the key's PKIX (DER) encoding, so
 * tokens signed here name the same {@code kid} kube-apiserver would give the same key. RSA keys
 * sign RS256; EC keys ES256, ES384 or ES512 by curve. Immutable; thread-safe.
 */
public record TokenKey(PublicKey publicKey, String keyId, String algorithm) {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    /**
     * The key with its derived id and algorithm.
     *
     * @throws IllegalArgumentException for keys other than RSA and EC P-256/P-384/P-521
     */
    public static TokenKey of(PublicKey key) {
        return new TokenKey(key, keyId(key), algorithm(key));
    }

    /** Upstream's key id for {@code key}. */
    static String keyId(PublicKey key) {
        try {
            return B64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** RS256 for RSA keys, ES256/ES384/ES512 for EC keys on P-256/P-384/P-521. */
    static String algorithm(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return "RS256";
        }
        if (key instanceof ECPublicKey ec) {
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> "ES256";
                case 384 -> "ES384";
                case 521 -> "ES512";
                default -> throw new IllegalArgumentException("unsupported EC curve: must be P-256, P-384 or P-521");
            };
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm() + ": must be RSA or ECDSA");
    }

    /** The JCA signature algorithm behind {@link #algorithm} (ECDSA in the JOSE r||s form). */
    String jcaAlgorithm() {
        return switch (algorithm) {
            case "RS256" -> "SHA256withRSA";
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            case "ES512" -> "SHA512withECDSAinP1363Format";
            default -> throw new IllegalStateException("unknown algorithm " + algorithm);
        };
    }

    /** The public JWK, with upstream's members: use, kty, kid, (crv,) alg and the key's numbers. */
    public ObjectNode jwk() {
        ObjectNode jwk = KubeJson.json().createObjectNode();
        jwk.put("use", "sig");
        switch (publicKey) {
            case RSAPublicKey rsa -> {
                jwk.put("kty", "RSA");
                jwk.put("kid", keyId);
                jwk.put("alg", algorithm);
                jwk.put("n", B64URL.encodeToString(unsigned(rsa.getModulus(), 0)));
                jwk.put("e", B64URL.encodeToString(unsigned(rsa.getPublicExponent(), 0)));
            }
            case ECPublicKey ec -> {
                int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
                jwk.put("kty", "EC");
                jwk.put("kid", keyId);
                jwk.put("crv", "P-" + ec.getParams().getCurve().getField().getFieldSize());
                jwk.put("alg", algorithm);
                jwk.put("x", B64URL.encodeToString(unsigned(ec.getW().getAffineX(), size)));
                jwk.put("y", B64URL.encodeToString(unsigned(ec.getW().getAffineY(), size)));
            }
            default -> throw new IllegalStateException("unsupported key " + publicKey.getAlgorithm());
        }
        return jwk;
    }

    /** Big-endian magnitude without a sign byte, left-padded with zeros to {@code size} bytes when given. */
    private static byte[] unsigned(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (bytes.length >= size) {
            return bytes;
        }
        byte[] padded = new byte[size];
        System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
        return padded;
    }
}
