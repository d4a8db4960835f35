package io.kube4j.scheduler.framework;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data that plugins share within one scheduling cycle of one pod, keyed by a plugin-chosen string.
 *
 * <p>Thread-safe: Filter and Score run over nodes in parallel and may read it concurrently. A
 * cycle owns its state; {@link #copy()} gives an independent shallow copy (values are shared, so
 * plugins store immutable values or copy them themselves).
 */
public final class CycleState {

    private final Map<String, Object> data = new ConcurrentHashMap<>();
    private final Set<String> skipFilterPlugins = ConcurrentHashMap.newKeySet();
    private final Set<String> skipScorePlugins = ConcurrentHashMap.newKeySet();

    /** Stores {@code value} under {@code key}, replacing any earlier value. */
    public void write(String key, Object value) {
        data.put(key, value);
    }

    /**
     * The value under {@code key}.
     *
     * @throws IllegalStateException if nothing is stored there or it is not a {@code type}
     */
    public <T> T read(String key, Class<T> type) {
        Object value = data.get(key);
        if (value == null) {
            throw new IllegalStateException("no cycle state under " + key);
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException("cycle state under " + key + " is a " + value.getClass().getName());
        }
        return type.cast(value);
    }

    /** Whether a value is stored under {@code key}. */
    public boolean contains(String key) {
        return data.containsKey(key);
    }

    public void delete(String key) {
        data.remove(key);
    }

    /** Plugins whose PreFilter returned Skip: their Filter is not called in this cycle. */
    public Set<String> skipFilterPlugins() {
        return skipFilterPlugins;
    }

    /** Plugins whose PreScore returned Skip: their Score is not called in this cycle. */
    public Set<String> skipScorePlugins() {
        return skipScorePlugins;
    }

    /** A shallow copy: new maps, same values. */
    public CycleState copy() {
        CycleState copy = new CycleState();
        copy.data.putAll(data);
        copy.skipFilterPlugins.addAll(new HashSet<>(skipFilterPlugins));
        copy.skipScorePlugins.addAll(new HashSet<>(skipScorePlugins));
        return copy;
    }
}
