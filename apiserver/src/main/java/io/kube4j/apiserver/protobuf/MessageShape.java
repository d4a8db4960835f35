package io.kube4j.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How one protobuf message maps onto its Kubernetes JSON object: each field with its JSON name
 * and the Go facts from {@link GoFields}. Shapes are computed once per descriptor and cached.
 * Immutable, thread-safe.
 *
 * @param members the fields in declaration order (upstream's JSON order)
 */
record MessageShape(List<Member> members) {

    /**
     * One field of the message.
     *
     * @param field    the descriptor
     * @param jsonName the JSON property (unused when {@code inline})
     * @param inline   an embedded Go struct: its fields live in the parent JSON object
     * @param pointer  a Go pointer scalar: a present zero value is written
     * @param always   a Go scalar without omitempty: a present zero value is written
     */
    record Member(FieldDescriptor field, String jsonName, boolean inline, boolean pointer, boolean always) {
    }

    private static final Map<Descriptor, MessageShape> CACHE = new ConcurrentHashMap<>();

    MessageShape {
        members = List.copyOf(members);
    }

    static MessageShape of(Descriptor message) {
        return CACHE.computeIfAbsent(message, MessageShape::compute);
    }

    private static MessageShape compute(Descriptor message) {
        GoFields go = GoFields.builtin();
        List<Member> members = new ArrayList<>();
        for (FieldDescriptor f : message.getFields()) {
            GoFields.Flags flags = go.of(message.getFullName(), f.getName());
            String json = flags.jsonName() != null ? flags.jsonName() : f.getName();
            boolean inline = flags.inline() && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated();
            members.add(new Member(f, json, inline, flags.pointer(), flags.always()));
        }
        return new MessageShape(members);
    }
}
