package io.kube4j.runtime.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar stream (POSIX ustar with PAX extended headers, GNU long names and base-256 numbers),
 * entry by entry. Not thread-safe; the caller owns and closes the underlying stream.
 *
 * <p>{@link #next()} skips whatever the caller left unread of the previous entry. Malformed
 * headers (bad checksum, truncated stream) throw {@link IOException}.
 */
public final class TarReader {

    private static final int BLOCK = 512;

    private final InputStream in;
    private long remaining;
    private long padding;
    private boolean finished;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive. */
    public TarEntry next() throws IOException {
        if (finished) {
            return null;
        }
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
        Map<String, String> pax = new HashMap<>();
        String longName = null;
        String longLink = null;
        while (true) {
            byte[] header = new byte[BLOCK];
            int n = in.readNBytes(header, 0, BLOCK);
            if (n == 0) {
                finished = true;
                return null;
            }
            if (n < BLOCK) {
                throw new EOFException("tar stream truncated inside a header");
            }
            if (isZero(header)) {
                finished = true;
                return null;
            }
            verifyChecksum(header);
            char flag = (char) header[156];
            long size = number(header, 124, 12);
            if (flag == 'x' || flag == 'g' || flag == 'L' || flag == 'K') {
                if (size > 16 * 1024 * 1024) {
                    throw new IOException("tar extension header of " + size + " bytes is too large");
                }
                byte[] data = in.readNBytes((int) size);
                if (data.length < size) {
                    throw new EOFException("tar stream truncated inside an extension header");
                }
                skipFully(pad(size));
                switch (flag) {
                    case 'x' -> parsePax(data, pax);
                    case 'L' -> longName = cString(data, 0, data.length);
                    case 'K' -> longLink = cString(data, 0, data.length);
                    default -> { } // global PAX headers carry nothing a layer needs
                }
                continue;
            }
            String name = cString(header, 0, 100);
            String magic = cString(header, 257, 6);
            if (magic.startsWith("ustar")) {
                String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            if (longName != null) {
                name = longName;
            }
            String linkName = longLink != null ? longLink : cString(header, 157, 100);
            int mode = (int) number(header, 100, 8);
            int uid = (int) number(header, 108, 8);
            int gid = (int) number(header, 116, 8);
            long mtimeSeconds = number(header, 136, 12);
            Instant mtime = Instant.ofEpochSecond(mtimeSeconds);
            Map<String, byte[]> xattrs = new HashMap<>();
            for (Map.Entry<String, String> e : pax.entrySet()) {
                switch (e.getKey()) {
                    case "path" -> name = e.getValue();
                    case "linkpath" -> linkName = e.getValue();
                    case "size" -> size = Long.parseLong(e.getValue());
                    case "uid" -> uid = Integer.parseInt(e.getValue());
                    case "gid" -> gid = Integer.parseInt(e.getValue());
                    case "mtime" -> mtime = paxTime(e.getValue());
                    default -> {
                        if (e.getKey().startsWith("SCHILY.xattr.")) {
                            xattrs.put(e.getKey().substring("SCHILY.xattr.".length()),
                                    e.getValue().getBytes(StandardCharsets.ISO_8859_1));
                        }
                    }
                }
            }
            TarEntry.Type type = switch (flag) {
                case '0', '\0', '7' -> name.endsWith("/") ? TarEntry.Type.DIRECTORY : TarEntry.Type.FILE;
                case '1' -> TarEntry.Type.HARDLINK;
                case '2' -> TarEntry.Type.SYMLINK;
                case '3' -> TarEntry.Type.CHAR_DEVICE;
                case '4' -> TarEntry.Type.BLOCK_DEVICE;
                case '5' -> TarEntry.Type.DIRECTORY;
                case '6' -> TarEntry.Type.FIFO;
                default -> TarEntry.Type.OTHER;
            };
            boolean hasData = type == TarEntry.Type.FILE || type == TarEntry.Type.OTHER;
            remaining = hasData ? size : 0;
            padding = hasData ? pad(size) : 0;
            // Some writers give links and directories a size: their data blocks are still in the stream.
            if (!hasData && size > 0 && type != TarEntry.Type.HARDLINK && type != TarEntry.Type.SYMLINK) {
                padding = size + pad(size);
            }
            return new TarEntry(name, type, mode & 07777, uid, gid, hasData ? size : 0, mtime, linkName,
                    (int) number(header, 329, 8), (int) number(header, 337, 8), xattrs);
        }
    }

    /** The current entry's content; reads end at the entry's end. Valid until the next {@link #next()}. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("tar stream truncated inside an entry");
                }
                remaining -= n;
                return n;
            }
        };
    }

    /** Reads (never skips: a digesting stream underneath must see every byte) n bytes. */
    private void skipFully(long n) throws IOException {
        long left = n;
        byte[] scratch = new byte[(int) Math.min(65536, Math.max(1, n))];
        while (left > 0) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (r < 0) {
                throw new EOFException("tar stream truncated");
            }
            left -= r;
        }
    }

    private static long pad(long size) {
        long rest = size % BLOCK;
        return rest == 0 ? 0 : BLOCK - rest;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void verifyChecksum(byte[] header) throws IOException {
        long stored = number(header, 148, 8);
        long unsigned = 0;
        for (int i = 0; i < BLOCK; i++) {
            unsigned += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        if (stored != unsigned) {
            throw new IOException("not a tar stream (header checksum mismatch)");
        }
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** An octal field, or GNU's base-256 form when its first byte has the high bit set. */
    static long number(byte[] b, int off, int len) {
        if ((b[off] & 0x80) != 0) {
            long v = b[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (b[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == 0 || (c == ' ' && v != 0)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                return v;
            }
            v = v * 8 + (c - '0');
        }
        return v;
    }

    private static void parsePax(byte[] data, Map<String, String> into) throws IOException {
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            if (space >= data.length) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("malformed PAX header record");
            }
            if (length <= 0 || pos + length > data.length) {
                throw new IOException("malformed PAX header record length " + length);
            }
            int eq = space + 1;
            while (eq < pos + length && data[eq] != '=') {
                eq++;
            }
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            // xattr values are binary: keep their bytes one to one in the string.
            java.nio.charset.Charset cs = key.startsWith("SCHILY.xattr.") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
            String value = new String(data, eq + 1, Math.max(0, pos + length - eq - 2), cs);
            into.put(key, value);
            pos += length;
        }
    }

    private static Instant paxTime(String value) {
        int dot = value.indexOf('.');
        if (dot < 0) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        long seconds = Long.parseLong(value.substring(0, dot));
        String fraction = (value.substring(dot + 1) + "000000000").substring(0, 9);
        return Instant.ofEpochSecond(seconds, Long.parseLong(fraction));
    }
}
