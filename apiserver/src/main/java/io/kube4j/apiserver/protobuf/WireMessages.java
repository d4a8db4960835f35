package io.kube4j.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;

/**
 * The framing messages ({@code runtime.Unknown}, {@code runtime.TypeMeta},
 * {@code meta/v1.WatchEvent}) read and written through their descriptors as dynamic messages.
 * The generated classes of {@code client-java-proto} are pre-22 gencode, which protobuf-java
 * warns about (and may refuse) when parsing; descriptors alone are safe. Thread-safe.
 */
final class WireMessages {

    static final Descriptor UNKNOWN = Runtime.Unknown.getDescriptor();
    static final Descriptor TYPE_META = Runtime.TypeMeta.getDescriptor();
    static final Descriptor WATCH_EVENT = Meta.WatchEvent.getDescriptor();
    static final Descriptor RAW_EXTENSION = Runtime.RawExtension.getDescriptor();

    private WireMessages() {
    }

    static DynamicMessage parse(Descriptor type, byte[] bytes, int offset) throws InvalidProtocolBufferException {
        return DynamicMessage.parseFrom(type, ByteString.copyFrom(bytes, offset, bytes.length - offset));
    }

    static String string(DynamicMessage m, String field) {
        return (String) m.getField(field(m.getDescriptorForType(), field));
    }

    static ByteString bytes(DynamicMessage m, String field) {
        return (ByteString) m.getField(field(m.getDescriptorForType(), field));
    }

    static DynamicMessage message(DynamicMessage m, String field) {
        return (DynamicMessage) m.getField(field(m.getDescriptorForType(), field));
    }

    static FieldDescriptor field(Descriptor d, String name) {
        return SpecialType.field(d, name);
    }
}
