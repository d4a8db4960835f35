package io.kube4j.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kube4j.apiserver.errors.ApiException;
import java.nio.ByteBuffer;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes protobuf bodies ({@value #MEDIA_TYPE}) to and from the JSON form the rest of the
 * apiserver works in. The wire format is upstream's: {@code k8s\0}, then a {@code runtime.Unknown}
 * naming apiVersion and kind and holding the object's message; watch streams frame each
 * {@code meta/v1.WatchEvent} with a 4-byte big-endian length. Conversion is generic, driven by the
 * {@code client-java-proto} descriptors plus the Go facts of {@code go-fields.tsv}.
 *
 * <p>Stateless; every method is thread-safe.
 */
public final class KubeProtobuf {

    /** The media type of protobuf bodies. */
    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    /** The media type of a protobuf watch stream. */
    public static final String WATCH_MEDIA_TYPE = MEDIA_TYPE + ";stream=watch";

    private static final List<String> JSON_TYPES = List.of("application/json", "application/yaml");
    private static final Converter CONVERTER = new Converter();

    private KubeProtobuf() {
    }

    /** Whether a protobuf message is known for this kind ({@code *List} kinds and meta kinds included). */
    public static boolean supports(String apiVersion, String kind) {
        return apiVersion != null && kind != null && ProtoKinds.builtin().find(apiVersion, kind).isPresent();
    }

    /**
     * Decodes a whole request body to the object's JSON, with {@code apiVersion} and {@code kind}
     * from the envelope.
     *
     * @throws ApiException.BadRequest           for a body that is not a valid envelope or message
     * @throws ApiException.UnsupportedMediaType for a kind with no protobuf message (the client
     *                                           must send JSON or YAML, as for custom resources)
     */
    public static ObjectNode decode(byte[] body) {
        Envelope envelope = Envelope.parse(body);
        Descriptor type = ProtoKinds.builtin().find(envelope.apiVersion(), envelope.kind())
                .orElseThrow(() -> new ApiException.UnsupportedMediaType(MEDIA_TYPE, JSON_TYPES));
        DynamicMessage message;
        try {
            message = DynamicMessage.parseFrom(type, envelope.raw());
        } catch (InvalidProtocolBufferException e) {
            throw new ApiException.BadRequest("protobuf body for " + envelope.apiVersion() + ", Kind="
                    + envelope.kind() + " is malformed: " + e.getMessage());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("apiVersion", envelope.apiVersion());
        out.put("kind", envelope.kind());
        try {
            out.setAll(CONVERTER.toJson.object(message));
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest("protobuf body for " + envelope.apiVersion() + ", Kind="
                    + envelope.kind() + " is invalid: " + e.getMessage());
        }
        return out;
    }

    /**
     * Encodes an object, list or {@code Status} in JSON form as a whole protobuf body; apiVersion
     * and kind are read from the JSON. Properties the message has no field for are dropped.
     *
     * @throws ApiException.NotAcceptable for a kind with no protobuf message
     * @throws ApiException.InternalError for JSON that does not fit the message (a bug upstream of here)
     */
    public static byte[] encode(JsonNode object) {
        String apiVersion = object.path("apiVersion").asString("");
        String kind = object.path("kind").asString("");
        Descriptor type = ProtoKinds.builtin().find(apiVersion, kind).orElseThrow(() -> new ApiException.NotAcceptable(
                "object " + (apiVersion.isEmpty() ? "" : apiVersion + ", ") + "Kind=" + kind
                        + " cannot be encoded as " + MEDIA_TYPE));
        Message message;
        try {
            message = CONVERTER.fromJson.value(type, object, kind);
        } catch (IllegalArgumentException e) {
            throw new ApiException.InternalError("unable to encode " + kind + " as protobuf: " + e.getMessage());
        }
        return new Envelope(apiVersion, kind, message.toByteArray()).toBytes();
    }

    /**
     * One frame of a protobuf watch stream: the 4-byte big-endian length, then a
     * {@code meta/v1.WatchEvent} whose object is the whole encoded body of {@code object}.
     *
     * @param type {@code ADDED}, {@code MODIFIED}, {@code DELETED}, {@code BOOKMARK} or {@code ERROR}
     */
    public static byte[] encodeWatchEvent(String type, JsonNode object) {
        DynamicMessage raw = DynamicMessage.newBuilder(WireMessages.RAW_EXTENSION)
                .setField(WireMessages.field(WireMessages.RAW_EXTENSION, "raw"), ByteString.copyFrom(encode(object)))
                .build();
        byte[] event = DynamicMessage.newBuilder(WireMessages.WATCH_EVENT)
                .setField(WireMessages.field(WireMessages.WATCH_EVENT, "type"), type)
                .setField(WireMessages.field(WireMessages.WATCH_EVENT, "object"), raw)
                .build().toByteArray();
        return ByteBuffer.allocate(4 + event.length).putInt(event.length).put(event).array();
    }

    /**
     * Reads one watch frame as {@link #encodeWatchEvent} writes it (length prefix included), as
     * {@code {"type": ..., "object": {...}}}.
     *
     * @throws ApiException.BadRequest when the frame or the embedded object is malformed
     */
    public static ObjectNode decodeWatchEvent(byte[] frame) {
        if (frame.length < 4 || ByteBuffer.wrap(frame).getInt() != frame.length - 4) {
            throw new ApiException.BadRequest("watch frame length prefix does not match its "
                    + Math.max(0, frame.length - 4) + " bytes");
        }
        DynamicMessage event;
        try {
            event = WireMessages.parse(WireMessages.WATCH_EVENT, frame, 4);
        } catch (InvalidProtocolBufferException e) {
            throw new ApiException.BadRequest("watch event is malformed: " + e.getMessage());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("type", WireMessages.string(event, "type"));
        out.set("object", decode(WireMessages.bytes(WireMessages.message(event, "object"), "raw").toByteArray()));
        return out;
    }

    /** The two directions wired to each other for nested values. */
    private static final class Converter implements Nested {
        final MessageToJson toJson = new MessageToJson(this);
        final JsonToMessage fromJson = new JsonToMessage(this);

        @Override
        public JsonNode toJson(Message message) {
            return toJson.value(message);
        }

        @Override
        public Message fromJson(Descriptor type, JsonNode json, String path) {
            return fromJson.value(type, json, path);
        }

        @Override
        public JsonNode decodeEmbedded(byte[] envelope) {
            return decode(envelope);
        }
    }
}
