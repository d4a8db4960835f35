package io.kube4j.runtime.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Content digests as OCI writes them ("sha256:" + 64 lowercase hex digits). Stateless. */
public final class Digests {

    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

    private Digests() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String of(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(data));
    }

    public static String of(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** Copies a stream to a file and answers the digest of what was copied. */
    public static String copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
            out.write(buf, 0, n);
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** Whether {@code digest} is a sha256 digest in canonical form. */
    public static boolean isSha256(String digest) {
        return digest != null && SHA256.matcher(digest).matches();
    }

    /** The hex part of a sha256 digest; refuses anything else (it becomes a file name). */
    public static String hex(String digest) {
        if (!isSha256(digest)) {
            throw new IllegalArgumentException("unsupported or malformed digest " + digest);
        }
        return digest.substring("sha256:".length());
    }
}
