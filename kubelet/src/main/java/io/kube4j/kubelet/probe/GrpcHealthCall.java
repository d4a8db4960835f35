package io.kube4j.kubelet.probe;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.hpack.HpackDecoder;
import org.eclipse.jetty.http2.hpack.HpackException;

/**
 * One {@code grpc.health.v1.Health/Check} call over HTTP/2 with prior knowledge (cleartext, as
 * upstream's gRPC probe): the connection preface and SETTINGS, one stream with the request's
 * HEADERS and DATA, then frames read until that stream ends. Headers are written as HPACK literals
 * without indexing (no state to keep); the server's are decoded with Jetty's HPACK decoder. The
 * protobuf messages are encoded by hand (one string field out, one enum field back).
 *
 * <p>Single use, one thread. The caller owns the socket and its timeouts.
 */
final class GrpcHealthCall {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int CONTINUATION = 9;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int PRIORITY = 0x20;
    private static final int STREAM = 1;
    private static final int MAX_FRAME = 1 << 20;

    /** What came back: the HTTP status, the gRPC status and message (trailers or headers), the response message. */
    record Reply(int httpStatus, Integer grpcStatus, String grpcMessage, byte[] message) {}

    /** The exchange failed at the HTTP/2 level (GOAWAY, RST_STREAM, a malformed frame). */
    static final class Http2Error extends IOException {
        Http2Error(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final String authority;

    GrpcHealthCall(Socket socket, String authority) {
        this.socket = socket;
        this.authority = authority;
    }

    Reply check(String service, long timeoutMillis) throws IOException {
        OutputStream out = socket.getOutputStream();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        first.write(PREFACE);
        frame(first, SETTINGS, 0, 0, new byte[0]);
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        literal(headers, ":method", "POST");
        literal(headers, ":scheme", "http");
        literal(headers, ":path", "/grpc.health.v1.Health/Check");
        literal(headers, ":authority", authority);
        literal(headers, "content-type", "application/grpc");
        literal(headers, "te", "trailers");
        literal(headers, "user-agent", HttpGetProbe.USER_AGENT);
        literal(headers, "grpc-timeout", Math.max(1, timeoutMillis) + "m");
        frame(first, HEADERS, END_HEADERS, STREAM, headers.toByteArray());
        frame(first, DATA, END_STREAM, STREAM, grpcMessage(request(service)));
        out.write(first.toByteArray());
        out.flush();
        return readReply(new DataInputStream(socket.getInputStream()), out);
    }

    private Reply readReply(DataInputStream in, OutputStream out) throws IOException {
        HpackDecoder decoder = new HpackDecoder(64 * 1024, System::nanoTime);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<String, String> fields = new HashMap<>();
        int httpStatus = 0;
        boolean blockEndsStream = false;
        while (true) {
            int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            if (length > MAX_FRAME) {
                throw new Http2Error("frame too large: " + length);
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            switch (type) {
                case SETTINGS -> {
                    if ((flags & ACK) == 0) {
                        frame(out, SETTINGS, ACK, 0, new byte[0]);
                        out.flush();
                    }
                }
                case PING -> {
                    if ((flags & ACK) == 0) {
                        frame(out, PING, ACK, 0, payload);
                        out.flush();
                    }
                }
                case GOAWAY -> throw new Http2Error("connection closed by the server (GOAWAY, error code "
                        + (payload.length >= 8 ? ByteBuffer.wrap(payload, 4, 4).getInt() : -1) + ")");
                case RST_STREAM -> {
                    if (stream == STREAM) {
                        throw new Http2Error("stream reset by the server (error code "
                                + (payload.length >= 4 ? ByteBuffer.wrap(payload).getInt() : -1) + ")");
                    }
                }
                case HEADERS, CONTINUATION -> {
                    if (stream != STREAM) {
                        continue;
                    }
                    byte[] fragment = type == HEADERS ? headerFragment(payload, flags) : payload;
                    block.write(fragment);
                    if (type == HEADERS) {
                        blockEndsStream = (flags & END_STREAM) != 0;
                    }
                    if ((flags & END_HEADERS) != 0) {
                        MetaData meta = decode(decoder, block.toByteArray());
                        block.reset();
                        if (meta instanceof MetaData.Response response) {
                            httpStatus = response.getStatus();
                        }
                        for (HttpField field : meta.getHttpFields()) {
                            fields.put(field.getLowerCaseName(), field.getValue());
                        }
                        if (blockEndsStream) {
                            return reply(httpStatus, fields, data.toByteArray());
                        }
                    }
                }
                case DATA -> {
                    if (stream != STREAM) {
                        continue;
                    }
                    data.write(unpad(payload, flags));
                    if ((flags & END_STREAM) != 0) {
                        return reply(httpStatus, fields, data.toByteArray());
                    }
                }
                default -> { } // WINDOW_UPDATE, PRIORITY, PUSH_PROMISE (disabled by default), unknown: ignored
            }
        }
    }

    private static MetaData decode(HpackDecoder decoder, byte[] block) throws Http2Error {
        try {
            return decoder.decode(ByteBuffer.wrap(block));
        } catch (HpackException.SessionException | HpackException.StreamException e) {
            throw new Http2Error("bad response headers: " + e.getMessage());
        }
    }

    private static Reply reply(int httpStatus, Map<String, String> fields, byte[] data) {
        Integer grpcStatus = null;
        String status = fields.get("grpc-status");
        if (status != null) {
            try {
                grpcStatus = Integer.parseInt(status.trim());
            } catch (NumberFormatException e) {
                grpcStatus = 2; // UNKNOWN
            }
        }
        byte[] message = null;
        if (data.length >= 5) {
            int length = ByteBuffer.wrap(data, 1, 4).getInt();
            if (length >= 0 && length <= data.length - 5) {
                message = java.util.Arrays.copyOfRange(data, 5, 5 + length);
            }
        }
        return new Reply(httpStatus, grpcStatus, percentDecode(fields.getOrDefault("grpc-message", "")), message);
    }

    private static byte[] headerFragment(byte[] payload, int flags) throws Http2Error {
        int start = 0;
        int end = payload.length;
        if ((flags & PADDED) != 0) {
            if (payload.length < 1) {
                throw new Http2Error("malformed HEADERS frame");
            }
            start = 1;
            end -= payload[0] & 0xff;
        }
        if ((flags & PRIORITY) != 0) {
            start += 5;
        }
        if (start > end) {
            throw new Http2Error("malformed HEADERS frame");
        }
        return java.util.Arrays.copyOfRange(payload, start, end);
    }

    private static byte[] unpad(byte[] payload, int flags) throws Http2Error {
        if ((flags & PADDED) == 0) {
            return payload;
        }
        int pad = payload.length == 0 ? 0 : payload[0] & 0xff;
        if (payload.length < 1 + pad) {
            throw new Http2Error("malformed DATA frame");
        }
        return java.util.Arrays.copyOfRange(payload, 1, payload.length - pad);
    }

    static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.write(ByteBuffer.allocate(4).putInt(stream).array());
        out.write(payload);
    }

    /** An HPACK "literal header field without indexing, new name", no Huffman coding. */
    static void literal(ByteArrayOutputStream out, String name, String value) {
        out.write(0);
        string(out, name.getBytes(StandardCharsets.ISO_8859_1));
        string(out, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void string(ByteArrayOutputStream out, byte[] bytes) {
        integer(out, bytes.length, 7, 0);
        out.writeBytes(bytes);
    }

    /** HPACK's prefixed integer. */
    static void integer(ByteArrayOutputStream out, int value, int prefixBits, int firstByteFlags) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(firstByteFlags | value);
            return;
        }
        out.write(firstByteFlags | max);
        value -= max;
        while (value >= 128) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** HealthCheckRequest { string service = 1; } */
    static byte[] request(String service) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = service == null ? new byte[0] : service.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            out.write(0x0a); // field 1, length-delimited
            varint(out, bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** HealthCheckResponse { ServingStatus status = 1; }: the status, 0 (UNKNOWN) when absent. */
    static int status(byte[] message) throws Http2Error {
        int status = 0;
        int i = 0;
        while (i < message.length) {
            long[] key = readVarint(message, i);
            i = (int) key[1];
            int field = (int) (key[0] >>> 3);
            int wire = (int) (key[0] & 7);
            switch (wire) {
                case 0 -> {
                    long[] v = readVarint(message, i);
                    i = (int) v[1];
                    if (field == 1) {
                        status = (int) v[0];
                    }
                }
                case 1 -> i += 8;
                case 2 -> {
                    long[] len = readVarint(message, i);
                    i = (int) len[1] + (int) len[0];
                }
                case 5 -> i += 4;
                default -> throw new Http2Error("malformed HealthCheckResponse");
            }
        }
        return status;
    }

    private static long[] readVarint(byte[] b, int i) throws Http2Error {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (i >= b.length) {
                throw new Http2Error("malformed HealthCheckResponse");
            }
            int c = b[i++] & 0xff;
            value |= (long) (c & 0x7f) << shift;
            if ((c & 0x80) == 0) {
                return new long[] {value, i};
            }
        }
        throw new Http2Error("malformed HealthCheckResponse");
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        while ((value & ~0x7f) != 0) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** The length-prefixed gRPC message framing: uncompressed flag, 4-byte length, message. */
    static byte[] grpcMessage(byte[] message) {
        return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
    }

    /** grpc-message is percent-encoded UTF-8. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: keep the character
                }
            }
            out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
