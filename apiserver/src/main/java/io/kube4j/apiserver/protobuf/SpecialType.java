package io.kube4j.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.kube4j.apiserver.json.KubeJson;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The messages whose JSON form is not an object of their fields, each converting both ways as
 * upstream's hand-written Go marshallers do: quantities, times, durations, int-or-string, raw
 * JSON holders and the CRD schema unions. Stateless, thread-safe.
 *
 * <p>{@link #toJson} returns null for values that upstream prints as {@code null} (a zero time,
 * an empty raw extension); the caller leaves those out. {@link #fromJson} throws
 * {@link IllegalArgumentException} for JSON of the wrong shape.
 */
enum SpecialType {

    QUANTITY("k8s.io.apimachinery.pkg.api.resource.Quantity", "k8s.io.apimachinery.pkg.api.resource.QuantityValue") {
        @Override
        JsonNode toJson(Message m, Nested nested) {
            String s = (String) m.getField(field(m.getDescriptorForType(), "string"));
            return NODES.stringNode(s.isEmpty() ? "0" : s);
        }

        @Override
        Message fromJson(Descriptor d, JsonNode json, Nested nested, String path) {
            // Go's Quantity also reads a bare JSON number.
            if (!json.isString() && !json.isNumber()) {
                throw wrong(path, "a quantity string", json);
            }
            return with(d, "string", json.asString());
        }
    },

    TIME("k8s.io.apimachinery.pkg.apis.meta.v1.Time") {
        @Override
        JsonNode toJson(Message m, Nested nested) {
            Descriptor d = m.getDescriptorForType();
            if (isZeroTime(m)) {
                return null;
            }
            return NODES.stringNode(KubeTimes.formatSeconds((Long) m.getField(field(d, "seconds"))));
        }

        @Override
        Message fromJson(Descriptor d, JsonNode json, Nested nested, String path) {
            Instant t = parseTime(json, path);
            // upstream's Time carries whole seconds only on the wire
            return DynamicMessage.newBuilder(d).setField(field(d, "seconds"), t.getEpochSecond())
                    .setField(field(d, "nanos"), 0).build();
        }
    },

    MICRO_TIME("k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime") {
        @Override
        JsonNode toJson(Message m, Nested nested) {
            Descriptor d = m.getDescriptorForType();
            if (isZeroTime(m)) {
                return null;
            }
            return NODES.stringNode(KubeTimes.formatMicros((Long) m.getField(field(d, "seconds")),
                    (Integer) m.getField(field(d, "nanos"))));
        }

        @Override
        Message fromJson(Descriptor d, JsonNode json, Nested nested, String path) {
            Instant t = parseTime(json, path);
            return DynamicMessage.newBuilder(d).setField(field(d, "seconds"), t.getEpochSecond())
                    .setField(field(d, "nanos"), t.getNano() / 1000 * 1000).build();
        }
    },

    DURATION("k8s.io.apimachinery.pkg.apis.meta.v1.Duration") {
        @Override
        JsonNode toJson(Message m, Nested nested) {
            return NODES.stringNode(GoDuration.format((Long) m.getField(field(m.getDescriptorForType(), "duration"))));
        }

        @Override
        Message fromJson(Descriptor d, JsonNode json, Nested nested, String path) {
            if (!json.isString()) {
                throw wrong(path, "a duration string", json);
            }
            try {
                return with(d, "duration", GoDuration.parse(json.stringValue()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
        }
    },

    INT_OR_STRING("k8s.io.apimachinery.pkg.util.intstr.IntOrString") {
        @Override
        JsonNode toJson(Message m, Nested nested) {
            Descriptor d = m.getDescriptorForType();
            if ((Long) m.getField(field(d, "type")) == 1L) {
                return NODES.stringNode((String) m.getField(field(d, "strVal")));
            }
            return NODES.numberNode((Integer) m.getField(field(d, "intVal")));
        }

        @Override
        Message fromJson(Descriptor d, JsonNode json, Nested nested, String path) {
            DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
            if (json.isString()) {
                return b.setField(field(d, "type"), 1L).setField(field(d, "intVal"), 0)
                        .setField(field(d, "strVal"), json.stringValue()).build();
            }
            if (json.isIntegralNumber() && json.canConvertToInt()) {
                return b.setField(field(d, "type"), 0L).setField(field(d, "intVal"), json.intValue())
                        .setField(field(d, "strVal"), "").build();
            }
            throw wrong(path, "an integer or a string", json);
        }
    },

    /** {@code runtime.RawExtension}: JSON bytes, or a protobuf envelope (watch events, lists). */
    RAW_EXTENSION("k8s.io.apimachinery.pkg.runtime.RawExtension") {
        @Override
        JsonNode toJson(Message m, Nested nested) {
            ByteString raw = (ByteString) m.getField(field(m.getDescriptorForType(), "raw"));
            if (raw.isEmpty()) {
                return null;
            }
            if (raw.startsWith(ByteString.copyFrom(Envelope.MAGIC))) {
                return nested.decodeEmbedded(raw.toByteArray());
            }
            return parseJson(raw);
        }

        @Override
        Message fromJson(Descriptor d, JsonNode json, Nested nested, String path) {
            return with(d, "raw", ByteString.copyFrom(KubeJson.json().writeValueAsBytes(json)));
        }
    },

    /** {@code FieldsV1} (managed fields) and the CRD schema's {@code JSON}: raw JSON bytes. */
    RAW_JSON("k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1",
            "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSON") {
        @Override
        JsonNode toJson(Message m, Nested nested) {
            ByteString raw = (ByteString) m.getField(m.getDescriptorForType().getFields().getFirst());
            return raw.isEmpty() ? null : parseJson(raw);
        }

        @Override
        Message fromJson(Descriptor d, JsonNode json, Nested nested, String path) {
            return DynamicMessage.newBuilder(d).setField(d.getFields().getFirst(),
                    ByteString.copyFrom(KubeJson.json().writeValueAsBytes(json))).build();
        }
    },

    /** {@code items}: one schema (an object) or a list of schemas (an array). */
    SCHEMA_OR_ARRAY("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray") {
        @Override
        JsonNode toJson(Message m, Nested nested) {
            FieldDescriptor list = field(m.getDescriptorForType(), "jSONSchemas");
            if (m.getRepeatedFieldCount(list) > 0) {
                return repeated(m, list, nested);
            }
            return schema(m, nested);
        }

        @Override
        Message fromJson(Descriptor d, JsonNode json, Nested nested, String path) {
            return json.isArray() ? withSchemas(d, "jSONSchemas", json, nested, path) : withSchema(d, json, nested, path);
        }
    },

    /** {@code additionalProperties}: a boolean, or a schema (which allows). */
    SCHEMA_OR_BOOL("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool") {
        @Override
        JsonNode toJson(Message m, Nested nested) {
            Descriptor d = m.getDescriptorForType();
            if (m.hasField(field(d, "schema"))) {
                return schema(m, nested);
            }
            return NODES.booleanNode((Boolean) m.getField(field(d, "allows")));
        }

        @Override
        Message fromJson(Descriptor d, JsonNode json, Nested nested, String path) {
            if (json.isBoolean()) {
                return with(d, "allows", json.booleanValue());
            }
            return withSchema(d, json, nested, path).toBuilder().setField(field(d, "allows"), true).build();
        }
    },

    /** {@code dependencies} values: a schema, or a list of property names. */
    SCHEMA_OR_STRING_ARRAY("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray") {
        @Override
        JsonNode toJson(Message m, Nested nested) {
            Descriptor d = m.getDescriptorForType();
            if (m.hasField(field(d, "schema"))) {
                return schema(m, nested);
            }
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < m.getRepeatedFieldCount(field(d, "property")); i++) {
                out.add((String) m.getRepeatedField(field(d, "property"), i));
            }
            return out;
        }

        @Override
        Message fromJson(Descriptor d, JsonNode json, Nested nested, String path) {
            if (!json.isArray()) {
                return withSchema(d, json, nested, path);
            }
            DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
            for (JsonNode item : json) {
                if (!item.isString()) {
                    throw wrong(path, "an array of strings", json);
                }
                b.addRepeatedField(field(d, "property"), item.stringValue());
            }
            return b.build();
        }
    };

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Map<String, SpecialType> BY_NAME = Stream.of(values())
            .flatMap(t -> t.names.stream().map(n -> Map.entry(n, t)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final List<String> names;

    SpecialType(String... names) {
        this.names = Arrays.asList(names);
    }

    /** The special type of a message, or null for an ordinary message. */
    static SpecialType of(Descriptor d) {
        return BY_NAME.get(d.getFullName());
    }

    abstract JsonNode toJson(Message m, Nested nested);

    abstract Message fromJson(Descriptor d, JsonNode json, Nested nested, String path);

    static FieldDescriptor field(Descriptor d, String name) {
        FieldDescriptor f = d.findFieldByName(name);
        if (f == null) {
            throw new IllegalStateException(d.getFullName() + " has no field " + name);
        }
        return f;
    }

    static IllegalArgumentException wrong(String path, String expected, JsonNode actual) {
        return new IllegalArgumentException(path + ": expected " + expected + ", got " + actual.getNodeType());
    }

    private static Message with(Descriptor d, String name, Object value) {
        return DynamicMessage.newBuilder(d).setField(field(d, name), value).build();
    }

    /** Upstream writes a zero time as an empty message; the epoch itself carries seconds=0 explicitly. */
    private static boolean isZeroTime(Message m) {
        return m.getAllFields().isEmpty();
    }

    private static Instant parseTime(JsonNode json, String path) {
        if (!json.isString()) {
            throw wrong(path, "an RFC 3339 time string", json);
        }
        try {
            return KubeTimes.parse(json.stringValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parseJson(ByteString raw) {
        try {
            return KubeJson.json().readTree(raw.toByteArray());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("embedded JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode schema(Message m, Nested nested) {
        return nested.toJson((Message) m.getField(field(m.getDescriptorForType(), "schema")));
    }

    private static JsonNode repeated(Message m, FieldDescriptor list, Nested nested) {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < m.getRepeatedFieldCount(list); i++) {
            out.add(nested.toJson((Message) m.getRepeatedField(list, i)));
        }
        return out;
    }

    private static Message withSchema(Descriptor d, JsonNode json, Nested nested, String path) {
        FieldDescriptor f = field(d, "schema");
        return DynamicMessage.newBuilder(d).setField(f, nested.fromJson(f.getMessageType(), json, path)).build();
    }

    private static Message withSchemas(Descriptor d, String name, JsonNode json, Nested nested, String path) {
        FieldDescriptor f = field(d, name);
        DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
        int i = 0;
        for (JsonNode item : json) {
            b.addRepeatedField(f, nested.fromJson(f.getMessageType(), item, path + "[" + i++ + "]"));
        }
        return b.build();
    }
}
