package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.protobuf.KubeProtobuf;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;

/** Writing whole responses: an object in the negotiated form, or a {@code Status} error. Stateless. */
public final class Responses {

    private Responses() {
    }

    /** Writes {@code body} (already serialised) with {@code code} and content type. */
    public static void bytes(Response response, Callback callback, int code, String contentType, byte[] body) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Writes {@code object} as JSON, YAML or protobuf. */
    public static void object(Response response, Callback callback, int code, MediaType media, JsonNode object) {
        if (media == MediaType.PROTOBUF) {
            bytes(response, callback, code, MediaType.PROTOBUF.contentType(), KubeProtobuf.encode(object));
        } else if (media == MediaType.YAML) {
            bytes(response, callback, code, "application/yaml", KubeJson.yaml().writeValueAsBytes(object));
        } else {
            bytes(response, callback, code, "application/json", KubeJson.json().writeValueAsBytes(object));
        }
    }

    /** Writes an API error as its {@code Status} object. */
    public static void error(Response response, Callback callback, ApiException e) {
        byte[] body = KubeJson.json().writeValueAsBytes(e.toStatus());
        if (e instanceof ApiException.TooManyRequests busy && busy.retryAfterSeconds() > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, busy.retryAfterSeconds());
        }
        bytes(response, callback, e.code(), "application/json", body);
    }
}
