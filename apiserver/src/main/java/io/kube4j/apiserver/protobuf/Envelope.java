package io.kube4j.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kube4j.apiserver.errors.ApiException;
import java.util.Arrays;

/**
 * Upstream's protobuf body: the four magic bytes {@code k8s\0}, then a {@code runtime.Unknown}
 * whose type meta names the kind and whose {@code raw} holds the object's message bytes.
 * Immutable, thread-safe.
 *
 * @param apiVersion e.g. {@code apps/v1}
 * @param kind       e.g. {@code Deployment}
 * @param raw        the encoded object message
 */
record Envelope(String apiVersion, String kind, byte[] raw) {

    /** {@code k8s\0}. */
    static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    /**
     * Reads a whole body.
     *
     * @throws ApiException.BadRequest when the prefix is missing, the body is empty, the envelope
     *                                 is not a valid message, or it names no kind or version
     */
    static Envelope parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException.BadRequest("protobuf body is empty");
        }
        if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ApiException.BadRequest("protobuf body does not start with the Kubernetes prefix "
                    + "\"k8s\\x00\" (6b 38 73 00)");
        }
        if (body.length == MAGIC.length) {
            throw new ApiException.BadRequest("protobuf body has the Kubernetes prefix but no message");
        }
        DynamicMessage unknown;
        try {
            unknown = WireMessages.parse(WireMessages.UNKNOWN, body, MAGIC.length);
        } catch (InvalidProtocolBufferException e) {
            throw new ApiException.BadRequest("protobuf envelope (runtime.Unknown) is malformed: " + e.getMessage());
        }
        DynamicMessage typeMeta = WireMessages.message(unknown, "typeMeta");
        String apiVersion = WireMessages.string(typeMeta, "apiVersion");
        String kind = WireMessages.string(typeMeta, "kind");
        String contentEncoding = WireMessages.string(unknown, "contentEncoding");
        if (kind.isEmpty()) {
            throw new ApiException.BadRequest("protobuf envelope does not name a kind");
        }
        if (apiVersion.isEmpty()) {
            throw new ApiException.BadRequest("protobuf envelope for kind \"" + kind + "\" does not name an apiVersion");
        }
        if (!contentEncoding.isEmpty()) {
            throw new ApiException.BadRequest("protobuf envelope content encoding \""
                    + contentEncoding + "\" is not supported");
        }
        return new Envelope(apiVersion, kind, WireMessages.bytes(unknown, "raw").toByteArray());
    }

    /** The whole body: magic plus the {@code runtime.Unknown}, written as upstream writes it. */
    byte[] toBytes() {
        DynamicMessage typeMeta = DynamicMessage.newBuilder(WireMessages.TYPE_META)
                .setField(WireMessages.field(WireMessages.TYPE_META, "apiVersion"), apiVersion)
                .setField(WireMessages.field(WireMessages.TYPE_META, "kind"), kind).build();
        byte[] unknown = DynamicMessage.newBuilder(WireMessages.UNKNOWN)
                .setField(WireMessages.field(WireMessages.UNKNOWN, "typeMeta"), typeMeta)
                .setField(WireMessages.field(WireMessages.UNKNOWN, "raw"), ByteString.copyFrom(raw))
                .setField(WireMessages.field(WireMessages.UNKNOWN, "contentEncoding"), "")
                .setField(WireMessages.field(WireMessages.UNKNOWN, "contentType"), "")
                .build().toByteArray();
        byte[] out = new byte[MAGIC.length + unknown.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(unknown, 0, out, MAGIC.length, unknown.length);
        return out;
    }
}
