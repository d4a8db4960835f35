package io.kube4j.kubelet.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The part of SPDY/3.1 that port-forwarding uses (kubectl tunnels it through a WebSocket since
 * 1.31): frame encoding, and the header blocks compressed with zlib over the protocol's preset
 * dictionary, one compression context per direction for the whole connection. Not thread-safe:
 * one instance per connection, reads on the reading thread, writes under the caller's lock.
 */
final class SpdyFrames {

    static final int SYN_STREAM = 1;
    static final int SYN_REPLY = 2;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int HEADERS = 8;
    static final int WINDOW_UPDATE = 9;
    static final int FLAG_FIN = 1;
    private static final int VERSION = 3;

    /** The SPDY/3 header dictionary: length-prefixed header names and values, then common strings. */
    static final byte[] DICTIONARY = dictionary();

    private final Inflater inflater = new Inflater();
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);

    SpdyFrames() {
        deflater.setDictionary(DICTIONARY);
    }

    private static byte[] dictionary() {
        List<String> tokens = List.of("options", "head", "post", "put", "delete", "trace", "accept", "accept-charset",
                "accept-encoding", "accept-language", "accept-ranges", "age", "allow", "authorization", "cache-control",
                "connection", "content-base", "content-encoding", "content-language", "content-length",
                "content-location", "content-md5", "content-range", "content-type", "date", "etag", "expect", "expires",
                "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since",
                "last-modified", "location", "max-forwards", "pragma", "proxy-authenticate", "proxy-authorization",
                "range", "referer", "retry-after", "server", "te", "trailer", "transfer-encoding", "upgrade",
                "user-agent", "vary", "via", "warning", "www-authenticate", "method", "get", "status", "200 OK",
                "version", "HTTP/1.1", "url", "public", "set-cookie", "keep-alive", "origin");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String t : tokens) {
            byte[] b = t.getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        String tail = "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
                + "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
                + "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable"
                + "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
                + "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,"
                + "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** One frame read off the connection. */
    sealed interface Frame {}

    record Control(int type, int flags, byte[] payload) implements Frame {}

    record Data(int streamId, int flags, byte[] data) implements Frame {}

    /** The next whole frame at the buffer's position (consumed), or null when it is not all there yet. */
    static Frame next(ByteBuffer buffer) {
        if (buffer.remaining() < 8) {
            return null;
        }
        int start = buffer.position();
        int first = buffer.getInt(start);
        int flagsAndLength = buffer.getInt(start + 4);
        int length = flagsAndLength & 0xffffff;
        if (buffer.remaining() < 8 + length) {
            return null;
        }
        buffer.position(start + 8);
        byte[] payload = new byte[length];
        buffer.get(payload);
        int flags = flagsAndLength >>> 24;
        if (first < 0) {
            return new Control(first & 0xffff, flags, payload);
        }
        return new Data(first & 0x7fffffff, flags, payload);
    }

    /** The headers of a SYN_STREAM's payload, lower-case names; values with NULs joined as they are. */
    Map<String, String> synStreamHeaders(byte[] payload) throws DataFormatException {
        return headers(payload, 10);
    }

    private Map<String, String> headers(byte[] payload, int offset) throws DataFormatException {
        inflater.setInput(payload, offset, payload.length - offset);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (true) {
            int n = inflater.inflate(chunk);
            if (n == 0) {
                if (inflater.needsDictionary()) {
                    inflater.setDictionary(DICTIONARY);
                    continue;
                }
                if (inflater.needsInput() || inflater.finished()) {
                    break;
                }
            }
            raw.write(chunk, 0, n);
        }
        ByteBuffer block = ByteBuffer.wrap(raw.toByteArray());
        Map<String, String> headers = new LinkedHashMap<>();
        int count = block.getInt();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[block.getInt()];
            block.get(name);
            byte[] value = new byte[block.getInt()];
            block.get(value);
            headers.put(new String(name, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT),
                    new String(value, StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** A SYN_REPLY for {@code streamId} with no headers. */
    byte[] synReply(int streamId) {
        ByteBuffer block = ByteBuffer.allocate(4).putInt(0);
        deflater.setInput(block.array());
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] chunk = new byte[256];
        int n;
        while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
            compressed.write(chunk, 0, n);
            if (n < chunk.length) {
                break;
            }
        }
        byte[] headerBlock = compressed.toByteArray();
        ByteBuffer payload = ByteBuffer.allocate(4 + headerBlock.length).putInt(streamId & 0x7fffffff).put(headerBlock);
        return control(SYN_REPLY, 0, payload.array());
    }

    static byte[] control(int type, int flags, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length)
                .putInt(0x80000000 | (VERSION << 16) | type)
                .putInt((flags << 24) | payload.length)
                .put(payload).array();
    }

    static byte[] data(int streamId, int flags, byte[] data, int offset, int length) {
        return ByteBuffer.allocate(8 + length).putInt(streamId & 0x7fffffff).putInt((flags << 24) | length)
                .put(data, offset, length).array();
    }

    static byte[] rstStream(int streamId, int status) {
        return control(RST_STREAM, 0, ByteBuffer.allocate(8).putInt(streamId & 0x7fffffff).putInt(status).array());
    }

    void close() {
        inflater.end();
        deflater.end();
    }
}
