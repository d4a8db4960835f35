package io.kube4j.apiserver.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/** Reads a backend's whole body, undoing a gzip or deflate content encoding (to rewrite its HTML). Stateless. */
final class ProxyBodies {

    private ProxyBodies() {}

    /** Whether {@link #decoded} can undo this content encoding. */
    static boolean decodable(String contentEncoding) {
        String encoding = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity", "gzip", "x-gzip", "deflate" -> true;
            default -> false;
        };
    }

    static byte[] decoded(InputStream in, String contentEncoding) throws IOException {
        String encoding = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        InputStream decoded = switch (encoding) {
            case "gzip", "x-gzip" -> new GZIPInputStream(in);
            case "deflate" -> new InflaterInputStream(in);
            default -> in;
        };
        return decoded.readAllBytes();
    }
}
