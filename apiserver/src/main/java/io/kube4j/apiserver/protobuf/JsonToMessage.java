package io.kube4j.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes JSON → protobuf message, by descriptors; the inverse of {@link MessageToJson}.
 * JSON null and absent properties leave a field unset; a present value, zero or not, is set (so a
 * pointer's {@code 0} or {@code false} survives). Properties the message has no field for are
 * dropped, as upstream's protobuf encoding drops them. Stateless apart from the {@link Nested}
 * callback; thread-safe.
 *
 * <p>Errors: JSON of the wrong shape for a field → {@link IllegalArgumentException} naming the path.
 */
final class JsonToMessage {

    private final Nested nested;

    JsonToMessage(Nested nested) {
        this.nested = nested;
    }

    /** Any message from its JSON form (special, array or object). */
    Message value(Descriptor d, JsonNode json, String path) {
        SpecialType special = SpecialType.of(d);
        if (special != null) {
            return special.fromJson(d, json, nested, path);
        }
        if (GoFields.builtin().isArray(d.getFullName()) && d.getFields().size() == 1) {
            if (!json.isArray()) {
                throw SpecialType.wrong(path, "an array", json);
            }
            DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
            repeated(b, d.getFields().getFirst(), json, path);
            return b.build();
        }
        if (!json.isObject()) {
            throw SpecialType.wrong(path, "an object", json);
        }
        DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
        fill(b, json, path);
        return b.build();
    }

    /** Sets the fields of {@code b} from the properties of {@code json}; true when any was set. */
    private boolean fill(DynamicMessage.Builder b, JsonNode json, String path) {
        boolean any = false;
        for (MessageShape.Member member : MessageShape.of(b.getDescriptorForType()).members()) {
            FieldDescriptor f = member.field();
            if (member.inline()) {
                DynamicMessage.Builder sub = DynamicMessage.newBuilder(f.getMessageType());
                if (fill(sub, json, path)) {
                    b.setField(f, sub.build());
                    any = true;
                }
                continue;
            }
            JsonNode v = json.get(member.jsonName());
            if (v == null || v.isNull()) {
                continue;
            }
            String at = path + "." + member.jsonName();
            if (f.isMapField()) {
                map(b, f, v, at);
            } else if (f.isRepeated()) {
                repeated(b, f, v, at);
            } else {
                b.setField(f, single(f, v, at));
            }
            any = true;
        }
        return any;
    }

    private void repeated(DynamicMessage.Builder b, FieldDescriptor f, JsonNode json, String path) {
        if (!json.isArray()) {
            throw SpecialType.wrong(path, "an array", json);
        }
        int i = 0;
        for (JsonNode item : json) {
            String at = path + "[" + i++ + "]";
            if (item.isNull()) {
                throw SpecialType.wrong(at, "a value", item);
            }
            b.addRepeatedField(f, single(f, item, at));
        }
    }

    private void map(DynamicMessage.Builder b, FieldDescriptor f, JsonNode json, String path) {
        if (!json.isObject()) {
            throw SpecialType.wrong(path, "an object", json);
        }
        Descriptor entry = f.getMessageType();
        FieldDescriptor key = entry.findFieldByNumber(1);
        FieldDescriptor value = entry.findFieldByNumber(2);
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            String at = path + "[" + e.getKey() + "]";
            DynamicMessage.Builder eb = DynamicMessage.newBuilder(entry).setField(key, mapKey(key, e.getKey(), at));
            if (!e.getValue().isNull()) {
                eb.setField(value, single(value, e.getValue(), at));
            }
            b.addRepeatedField(f, eb.build());
        }
    }

    private Object single(FieldDescriptor f, JsonNode v, String path) {
        return switch (f.getJavaType()) {
            case MESSAGE -> value(f.getMessageType(), v, path);
            case STRING -> {
                if (!v.isString()) {
                    throw SpecialType.wrong(path, "a string", v);
                }
                yield v.stringValue();
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw SpecialType.wrong(path, "a boolean", v);
                }
                yield v.booleanValue();
            }
            case INT -> (int) integral(v, path, unsigned(f) ? 0 : Integer.MIN_VALUE,
                    unsigned(f) ? 0xFFFF_FFFFL : Integer.MAX_VALUE);
            case LONG -> integral(v, path, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT -> (float) number(v, path);
            case DOUBLE -> number(v, path);
            case BYTE_STRING -> bytes(v, path);
            case ENUM -> {
                EnumValueDescriptor e = v.isString() ? f.getEnumType().findValueByName(v.stringValue()) : null;
                if (e == null) {
                    throw SpecialType.wrong(path, "one of " + f.getEnumType().getValues(), v);
                }
                yield e;
            }
        };
    }

    private static Object mapKey(FieldDescriptor key, String text, String path) {
        try {
            return switch (key.getJavaType()) {
                case STRING -> text;
                case INT -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
                case BOOLEAN -> Boolean.parseBoolean(text);
                default -> throw new IllegalArgumentException(path + ": unsupported map key type " + key.getType());
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": map key is not a number", e);
        }
    }

    private static long integral(JsonNode v, String path, long min, long max) {
        if (!v.isNumber() || !(v.isIntegralNumber() || v.doubleValue() == Math.rint(v.doubleValue()))) {
            throw SpecialType.wrong(path, "an integer", v);
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new IllegalArgumentException(path + ": " + v + " is out of range");
        }
        return v.longValue();
    }

    private static double number(JsonNode v, String path) {
        if (!v.isNumber()) {
            throw SpecialType.wrong(path, "a number", v);
        }
        return v.doubleValue();
    }

    private static ByteString bytes(JsonNode v, String path) {
        if (!v.isString()) {
            throw SpecialType.wrong(path, "a base64 string", v);
        }
        try {
            return ByteString.copyFrom(Base64.getDecoder().decode(v.stringValue()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": illegal base64 data: " + e.getMessage(), e);
        }
    }

    private static boolean unsigned(FieldDescriptor f) {
        return switch (f.getType()) {
            case UINT32, UINT64, FIXED32, FIXED64 -> true;
            default -> false;
        };
    }
}
