package io.kube4j.apiserver.watch;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.storage.StorageCodec;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * One change in the cache: the object after it (for DELETED, the last state with the deletion
 * revision as resourceVersion) and before it (null for ADDED). The wire frame for each event type
 * is built once, on first use, and shared by every watcher that sends it. Thread-safe.
 */
public final class CacheEvent {

    private final EventType type;
    private final CachedObject object;
    private final CachedObject previous;
    private final long revision;
    private final byte[][] frames = new byte[3][];

    public CacheEvent(EventType type, CachedObject object, CachedObject previous, long revision) {
        this.type = type;
        this.object = object;
        this.previous = previous;
        this.revision = revision;
    }

    public EventType type() {
        return type;
    }

    public CachedObject object() {
        return object;
    }

    public CachedObject previous() {
        return previous;
    }

    public long revision() {
        return revision;
    }

    /**
     * The frame {@code {"type":T,"object":...}\n} for {@code as} (a filtered watcher may see a
     * MODIFIED as ADDED or DELETED), built once per type.
     */
    public byte[] frame(EventType as) {
        int slot = as.ordinal();
        byte[] f = frames[slot];
        if (f == null) {
            // An object that stops matching a filtered watch leaves it as DELETED carrying its
            // previous state at this event's revision, as upstream's cacher does.
            byte[] json = as == EventType.DELETED && type == EventType.MODIFIED
                    ? withRevision(previous.json(), revision) : object.json();
            f = frame(as, json);
            frames[slot] = f;
        }
        return f;
    }

    private static byte[] withRevision(byte[] json, long revision) {
        ObjectNode node = StorageCodec.decode(json, revision);
        return KubeJson.json().writeValueAsBytes(node);
    }

    /** {@code {"type":T,"object":JSON}\n}. */
    public static byte[] frame(EventType type, byte[] objectJson) {
        byte[] head = ("{\"type\":\"" + type.name() + "\",\"object\":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + objectJson.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(objectJson, 0, out, head.length, objectJson.length);
        out[out.length - 2] = '}';
        out[out.length - 1] = '\n';
        return out;
    }
}
