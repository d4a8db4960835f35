package io.kube4j.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The token a node joins the cluster with, in k3s's form {@code K10<ca-hash>::node:<secret>}: the
 * SHA-256 of the cluster CA's DER encoding (so that a joining kubelet can trust the apiserver it
 * has never seen, by pinning the CA the server presents) and the secret the apiserver authenticates
 * as user {@code kube4j-node} in group {@code system:nodes}. A bare secret (no {@code K10} prefix)
 * is accepted too, with the CA from {@code --certificate-authority}. Immutable value.
 */
record NodeToken(String caHash, String secret) {

  static final String PREFIX = "K10";
  static final String USER = "kube4j-node";
  static final String GROUP = "system:nodes";

  /**
   * Reads {@code token}.
   *
   * @throws IllegalArgumentException if it is empty or its CA hash is not 64 hex digits
   */
  static NodeToken parse(String token) {
    String t = token.strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("the token is empty");
    }
    if (!t.startsWith(PREFIX)) {
      return new NodeToken(null, t);
    }
    int sep = t.indexOf("::");
    if (sep < 0) {
      throw new IllegalArgumentException("a K10 token has the form K10<ca-sha256>::<user>:<secret>");
    }
    String hash = t.substring(PREFIX.length(), sep).toLowerCase(java.util.Locale.ROOT);
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("the token's CA hash is not a SHA-256 in hex");
    }
    String credentials = t.substring(sep + 2);
    int colon = credentials.indexOf(':');
    String secret = colon < 0 ? credentials : credentials.substring(colon + 1);
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the token has no secret after its CA hash");
    }
    return new NodeToken(hash, secret);
  }

  /**
   * The secret of the node token kept in {@code file}, or a new random one if there is none yet
   * (the apiserver must know the secret before it starts; the CA hash is added once the CA exists).
   */
  static String loadOrCreateSecret(Path file) throws IOException {
    if (Files.exists(file)) {
      return parse(Files.readString(file)).secret();
    }
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }

  /** The token that pins {@code ca}. */
  static NodeToken of(X509Certificate ca, String secret) {
    return new NodeToken(hash(ca), secret);
  }

  /** Writes the token to {@code file}, readable by its owner only, atomically. */
  void write(Path file) throws IOException {
    PrivateFile.write(file, value() + "\n");
  }

  /** The apiserver's static-token line for this token ({@code --token-auth-file} format). */
  String tokenAuthLine() {
    return secret + "," + USER + "," + USER + ",\"" + GROUP + "\"";
  }

  /** Whether {@code ca} is the CA this token pins (always true for a bare secret). */
  boolean pins(X509Certificate ca) {
    return caHash == null || caHash.equals(hash(ca));
  }

  static String hash(X509Certificate ca) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The token as a node is given it. */
  String value() {
    return caHash == null ? secret : PREFIX + caHash + "::node:" + secret;
  }

  /** Never the secret: tokens must not reach logs by accident. */
  @Override
  public String toString() {
    return "NodeToken[" + (caHash == null ? "" : "ca " + caHash.substring(0, 12) + "…, ") + "secret ***]";
  }
}
