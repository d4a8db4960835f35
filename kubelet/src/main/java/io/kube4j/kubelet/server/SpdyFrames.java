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
 * The SPDY/3.1 framing that upstream's streaming protocols use (exec, attach and port-forward over
 * a plain SPDY upgrade, and port-forward tunnelled through a WebSocket by kubectl 1.31+): frame
 * encoding and decoding, and the header blocks compressed with zlib over the protocol's preset
 * dictionary, one compression context per direction for the whole connection. Not thread-safe:
 * one instance per connection, header reads on the reading thread, header writes under the
 * writer's lock ({@link SpdySession} does both).
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
    /** RST_STREAM status codes (SPDY/3 section 2.6.3). */
    static final int PROTOCOL_ERROR = 1;
    static final int INVALID_STREAM = 2;
    static final int REFUSED_STREAM = 3;
    static final int CANCEL = 5;
    /** The largest frame payload the 24-bit length field can carry. */
    static final int MAX_LENGTH = 0xffffff;
    /** The most a header block may inflate to (a bound against compression bombs). */
    static final int MAX_HEADER_BLOCK = 256 * 1024;
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

    /**
     * The next whole frame from a blocking stream, or null at a clean end of stream (between
     * frames).
     *
     * @throws java.io.EOFException when the stream ends inside a frame
     */
    static Frame read(java.io.InputStream in) throws java.io.IOException {
        byte[] head = new byte[8];
        int got = in.readNBytes(head, 0, 8);
        if (got == 0) {
            return null;
        }
        if (got < 8) {
            throw new java.io.EOFException("the SPDY connection ended inside a frame header");
        }
        ByteBuffer h = ByteBuffer.wrap(head);
        int first = h.getInt();
        int flagsAndLength = h.getInt();
        int length = flagsAndLength & 0xffffff;
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new java.io.EOFException("the SPDY connection ended inside a frame");
        }
        int flags = flagsAndLength >>> 24;
        return first < 0 ? new Control(first & 0xffff, flags, payload) : new Data(first & 0x7fffffff, flags, payload);
    }

    /** The headers of a SYN_STREAM's payload, lower-case names; values with NULs joined as they are. */
    Map<String, String> synStreamHeaders(byte[] payload) throws DataFormatException {
        return headers(payload, 10);
    }

    /** The headers of a SYN_REPLY's or HEADERS' payload (after the stream id). */
    Map<String, String> replyHeaders(byte[] payload) throws DataFormatException {
        return headers(payload, 4);
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
            if (raw.size() > MAX_HEADER_BLOCK) {
                throw new DataFormatException("a header block over " + MAX_HEADER_BLOCK + " bytes");
            }
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
        return synReply(streamId, Map.of());
    }

    /** A SYN_REPLY for {@code streamId} carrying {@code headers} (names sent lower-case). */
    byte[] synReply(int streamId, Map<String, String> headers) {
        byte[] headerBlock = compress(headers);
        ByteBuffer payload = ByteBuffer.allocate(4 + headerBlock.length).putInt(streamId & 0x7fffffff).put(headerBlock);
        return control(SYN_REPLY, 0, payload.array());
    }

    /** A SYN_STREAM (as a client opens a stream), for tests and for streams this side opens. */
    byte[] synStream(int streamId, Map<String, String> headers, int flags) {
        byte[] headerBlock = compress(headers);
        ByteBuffer payload = ByteBuffer.allocate(10 + headerBlock.length).putInt(streamId & 0x7fffffff).putInt(0)
                .putShort((short) 0).put(headerBlock);
        return control(SYN_STREAM, flags, payload.array());
    }

    /** The header block of {@code headers}, compressed in this connection's sending context. */
    private byte[] compress(Map<String, String> headers) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.writeBytes(ByteBuffer.allocate(4).putInt(headers.size()).array());
        headers.forEach((name, value) -> {
            for (String s : new String[] {name.toLowerCase(java.util.Locale.ROOT), value}) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                block.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
                block.writeBytes(b);
            }
        });
        deflater.setInput(block.toByteArray());
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] chunk = new byte[1024];
        while (true) {
            int n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            compressed.write(chunk, 0, n);
            // A full chunk may leave output pending; a short one means the flush is complete.
            if (n < chunk.length) {
                break;
            }
        }
        return compressed.toByteArray();
    }

    static byte[] ping(int id) {
        return control(PING, 0, ByteBuffer.allocate(4).putInt(id).array());
    }

    /** GOAWAY naming the last stream the sender accepted, status 0 (OK). */
    static byte[] goAway(int lastGoodStreamId) {
        return control(GOAWAY, 0, ByteBuffer.allocate(8).putInt(lastGoodStreamId & 0x7fffffff).putInt(0).array());
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
