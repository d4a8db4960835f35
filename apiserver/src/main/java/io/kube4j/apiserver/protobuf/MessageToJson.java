package io.kube4j.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Protobuf message → Kubernetes JSON, by descriptors: proto2 presence and the Go facts decide
 * which fields appear (a present message always, a scalar when non-zero, a pointer scalar or a
 * scalar without omitempty even when zero), embedded structs are flattened into their parent,
 * maps become objects, bytes become base64, and the {@link SpecialType}s print their own form.
 * Stateless apart from the {@link Nested} callback; thread-safe.
 */
final class MessageToJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Nested nested;

    MessageToJson(Nested nested) {
        this.nested = nested;
    }

    /** The JSON form of any message: special form, array (Go slice types) or object; null to omit. */
    JsonNode value(Message m) {
        Descriptor d = m.getDescriptorForType();
        SpecialType special = SpecialType.of(d);
        if (special != null) {
            return special.toJson(m, nested);
        }
        if (GoFields.builtin().isArray(d.getFullName()) && d.getFields().size() == 1) {
            return repeated(m, d.getFields().getFirst());
        }
        return object(m);
    }

    /** The JSON object of an ordinary message. */
    ObjectNode object(Message m) {
        ObjectNode out = NODES.objectNode();
        fill(out, m);
        return out;
    }

    private void fill(ObjectNode out, Message m) {
        for (MessageShape.Member member : MessageShape.of(m.getDescriptorForType()).members()) {
            FieldDescriptor f = member.field();
            if (f.isMapField()) {
                if (m.getRepeatedFieldCount(f) > 0) {
                    out.set(member.jsonName(), map(m, f));
                }
            } else if (f.isRepeated()) {
                if (m.getRepeatedFieldCount(f) > 0) {
                    out.set(member.jsonName(), repeated(m, f));
                }
            } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (!m.hasField(f)) {
                    continue;
                }
                Message sub = (Message) m.getField(f);
                if (member.inline()) {
                    fill(out, sub);
                    continue;
                }
                JsonNode v = value(sub);
                if (v != null) {
                    out.set(member.jsonName(), v);
                }
            } else {
                boolean present = f.hasPresence() ? m.hasField(f) : true;
                Object v = m.getField(f);
                if (!present || (isZero(v) && !member.pointer() && !member.always())) {
                    continue;
                }
                out.set(member.jsonName(), scalar(f, v));
            }
        }
    }

    private ArrayNode repeated(Message m, FieldDescriptor f) {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
            Object item = m.getRepeatedField(f, i);
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                JsonNode v = value((Message) item);
                out.add(v == null ? NODES.nullNode() : v);
            } else {
                out.add(scalar(f, item));
            }
        }
        return out;
    }

    private ObjectNode map(Message m, FieldDescriptor f) {
        Descriptor entry = f.getMessageType();
        FieldDescriptor key = entry.findFieldByNumber(1);
        FieldDescriptor value = entry.findFieldByNumber(2);
        ObjectNode out = NODES.objectNode();
        for (int i = 0; i < m.getRepeatedFieldCount(f); i++) {
            Message e = (Message) m.getRepeatedField(f, i);
            String k = String.valueOf(e.getField(key));
            if (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                JsonNode v = value((Message) e.getField(value));
                out.set(k, v == null ? NODES.nullNode() : v);
            } else {
                out.set(k, scalar(value, e.getField(value)));
            }
        }
        return out;
    }

    private static JsonNode scalar(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case STRING -> NODES.stringNode((String) v);
            case BOOLEAN -> NODES.booleanNode((Boolean) v);
            case INT -> longNode(f, unsigned(f) ? Integer.toUnsignedLong((Integer) v) : (long) (Integer) v);
            case LONG -> longNode(f, (Long) v);
            case FLOAT -> doubleNode((Float) v);
            case DOUBLE -> doubleNode((Double) v);
            case BYTE_STRING -> NODES.stringNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case ENUM -> NODES.stringNode(((EnumValueDescriptor) v).getName());
            case MESSAGE -> throw new IllegalStateException("not a scalar: " + f.getFullName());
        };
    }

    /** Small values as int nodes, so that the tree equals one parsed from the same JSON text. */
    private static JsonNode longNode(FieldDescriptor f, long v) {
        if (unsigned(f) && v < 0) {
            return NODES.numberNode(new java.math.BigInteger(Long.toUnsignedString(v)));
        }
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    /** Whole numbers print as Go prints a whole float64: without a fraction. */
    private static JsonNode doubleNode(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            long l = (long) v;
            return l == (int) l ? NODES.numberNode((int) l) : NODES.numberNode(l);
        }
        return NODES.numberNode(v);
    }

    private static boolean unsigned(FieldDescriptor f) {
        return switch (f.getType()) {
            case UINT32, UINT64, FIXED32, FIXED64 -> true;
            default -> false;
        };
    }

    private static boolean isZero(Object v) {
        return switch (v) {
            case String s -> s.isEmpty();
            case Boolean b -> !b;
            case Integer i -> i == 0;
            case Long l -> l == 0L;
            case Float x -> x == 0f;
            case Double x -> x == 0d;
            case ByteString b -> b.isEmpty();
            default -> false;
        };
    }
}
