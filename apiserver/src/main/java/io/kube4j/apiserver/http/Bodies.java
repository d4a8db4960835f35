package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading request bodies: at most {@link #MAX_BYTES} (upstream's 3 MiB), in JSON, YAML or
 * protobuf by Content-Type; malformed input is a 400 that names what is wrong, an unknown format
 * 415, an oversized body 413. Stateless; reads block (virtual threads).
 */
public final class Bodies {

    /** Upstream's request body limit. */
    public static final int MAX_BYTES = 3 * 1024 * 1024;

    /** Decodes protobuf bodies; set when the protobuf codec is present. */
    private static volatile Function<byte[], ObjectNode> protobuf;

    private Bodies() {
    }

    /** Installs the protobuf decoder. */
    public static void protobufDecoder(Function<byte[], ObjectNode> decoder) {
        protobuf = decoder;
    }

    /** How much of an oversized body is read and dropped so that the client sees the 413. */
    static final int MAX_DRAINED_BYTES = 4 * MAX_BYTES;

    /** The raw body, up to the limit. */
    public static byte[] read(Request request) {
        try (InputStream in = Request.asInputStream(request)) {
            long declared = request.getLength();
            if (declared > MAX_BYTES) {
                throw tooLarge(in);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_BYTES) {
                    throw tooLarge(in);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ApiException.BadRequest("unable to read the request body: " + e.getMessage());
        }
    }

    /**
     * The 413, after reading (a bounded amount of) the rest of the body: a stream answered while
     * the client is still sending is reset, and HTTP/2 clients then report the reset, not the 413.
     */
    private static ApiException tooLarge(InputStream in) throws IOException {
        byte[] buf = new byte[16384];
        long drained = 0;
        int n;
        while (drained < MAX_DRAINED_BYTES && (n = in.read(buf)) >= 0) {
            drained += n;
        }
        return new ApiException.RequestEntityTooLarge(MAX_BYTES);
    }

    /**
     * Reads and drops what is left of the request body (up to {@link #MAX_DRAINED_BYTES}), before an
     * error is answered without reading it (a 406 on a create, say): an HTTP/2 stream answered while
     * the client is still sending is reset, and the client may then report the reset, not the error.
     * A body already read, or none, ends at once; failures are ignored.
     */
    public static void drainQuietly(Request request) {
        try (InputStream in = Request.asInputStream(request)) {
            byte[] buf = new byte[16384];
            long drained = 0;
            int n;
            while (drained < MAX_DRAINED_BYTES && (n = in.read(buf)) >= 0) {
                drained += n;
            }
        } catch (IOException | RuntimeException ignored) {
            // the error answer matters more than the rest of the body
        }
    }

    /** The base media type of the request, lower case, without parameters. */
    public static String contentType(Request request) {
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (ct == null || ct.isBlank()) {
            return "application/json";
        }
        return ct.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    /** The body as an object (create, update): JSON, YAML or protobuf. */
    public static ObjectNode object(Request request) {
        byte[] body = read(request);
        String ct = contentType(request);
        return switch (ct) {
            case "application/json", "application/yaml", "application/x-yaml", "text/yaml" -> parseObject(body, ct);
            case "application/vnd.kubernetes.protobuf" -> {
                Function<byte[], ObjectNode> decoder = protobuf;
                if (decoder == null) {
                    throw unsupported(ct);
                }
                yield decoder.apply(body);
            }
            default -> throw unsupported(ct);
        };
    }

    /** Parses JSON or YAML into an object; anything else is 400. */
    public static ObjectNode parseObject(byte[] body, String contentType) {
        JsonNode node = parse(body, contentType);
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException.BadRequest("the body of the request is not a JSON object");
        }
        return object;
    }

    /** Parses JSON or YAML. */
    public static JsonNode parse(byte[] body, String contentType) {
        if (body.length == 0) {
            throw new ApiException.BadRequest("the body of the request is empty");
        }
        try {
            boolean yaml = contentType.contains("yaml");
            JsonNode node = yaml ? KubeJson.yaml().readTree(body) : KubeJson.json().readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException.BadRequest("the body of the request is empty");
            }
            return node;
        } catch (JacksonException e) {
            throw new ApiException.BadRequest("the body of the request was malformed: " + e.getOriginalMessage());
        }
    }

    static ApiException unsupported(String contentType) {
        return new ApiException.UnsupportedMediaType(contentType,
                List.of("application/json", "application/yaml", "application/vnd.kubernetes.protobuf"));
    }
}
