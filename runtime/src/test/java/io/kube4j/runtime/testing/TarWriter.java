package io.kube4j.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes ustar archives for test images and layers, with a fixed mtime so that the same content
 * always gives the same bytes (and digests). Not thread-safe; {@link #finish()} writes the end
 * blocks without closing the stream.
 */
public final class TarWriter {

    /** The mtime of every entry unless given: 2023-11-14T22:13:20Z. */
    public static final long MTIME = 1_700_000_000L;

    private final OutputStream out;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Builds a tar in memory. */
    public static byte[] build(IoConsumer<TarWriter> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(bytes);
        try {
            entries.accept(w);
            w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** gzip of some bytes, deterministic (no name, mtime 0). */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A consumer that may throw IOException. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }

    public TarWriter dir(String name, int mode) throws IOException {
        return entry(name.endsWith("/") ? name : name + "/", '5', mode, 0, 0, "", new byte[0]);
    }

    public TarWriter file(String name, int mode, byte[] content) throws IOException {
        return entry(name, '0', mode, 0, 0, "", content);
    }

    public TarWriter file(String name, int mode, String content) throws IOException {
        return file(name, mode, content.getBytes(StandardCharsets.UTF_8));
    }

    public TarWriter symlink(String name, String target) throws IOException {
        return entry(name, '2', 0777, 0, 0, target, new byte[0]);
    }

    public TarWriter hardlink(String name, String target) throws IOException {
        return entry(name, '1', 0644, 0, 0, target, new byte[0]);
    }

    /** Any entry, written as given (names are not checked: tests write hostile ones on purpose). */
    public TarWriter entry(String name, char type, int mode, int uid, int gid, String link, byte[] content)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            pax("path", name);
            nameBytes = java.util.Arrays.copyOf(nameBytes, 100);
        }
        byte[] h = new byte[512];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, content.length);
        octal(h, 136, 12, MTIME);
        h[156] = (byte) type;
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(linkBytes, 0, h, 157, Math.min(100, linkBytes.length));
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, magic.length);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        out.write(h);
        out.write(content);
        int pad = (512 - content.length % 512) % 512;
        out.write(new byte[pad]);
        return this;
    }

    private void pax(String key, String value) throws IOException {
        String body = " " + key + "=" + value + "\n";
        int len = body.getBytes(StandardCharsets.UTF_8).length;
        int total = len + String.valueOf(len).length();
        if (String.valueOf(total).length() != String.valueOf(len).length()) {
            total++;
        }
        entry("PaxHeader", 'x', 0644, 0, 0, "", (total + body).getBytes(StandardCharsets.UTF_8));
    }

    public void finish() throws IOException {
        out.write(new byte[1024]);
        out.flush();
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        while (s.length() < len - 1) {
            s = "0" + s;
        }
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }
}
