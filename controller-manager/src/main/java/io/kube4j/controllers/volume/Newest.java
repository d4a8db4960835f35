package io.kube4j.controllers.volume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.controllers.machinery.Keys;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects this controller wrote, kept until the informer cache catches up (upstream's PV
 * controller updates its own caches after each write for the same reason): a claim bound a moment
 * ago must not look unbound to the next sync. Compares numeric resourceVersions; objects whose
 * version does not parse are taken from the cache. Thread-safe.
 */
final class Newest {

    private final Map<String, HasMetadata> written = new ConcurrentHashMap<>();

    /** Remembers {@code object} as written and returns it. */
    <T extends HasMetadata> T wrote(T object) {
        written.put(key(object), object);
        return object;
    }

    /** The newer of {@code cached} and what this controller wrote; null when {@code cached} is null (gone). */
    @SuppressWarnings("unchecked")
    <T extends HasMetadata> T of(T cached) {
        if (cached == null) {
            return null;
        }
        HasMetadata mine = written.get(key(cached));
        if (mine == null) {
            return cached;
        }
        long cachedVersion = version(cached);
        long mineVersion = version(mine);
        if (mineVersion > cachedVersion && cachedVersion >= 0
                && java.util.Objects.equals(mine.getMetadata().getUid(), cached.getMetadata().getUid())) {
            return (T) mine;
        }
        written.remove(key(cached), mine);
        return cached;
    }

    void forget(HasMetadata object) {
        written.remove(key(object));
    }

    void forgetClaim(String key) {
        written.remove("PersistentVolumeClaim/" + key);
    }

    private static String key(HasMetadata o) {
        return HasMetadata.getKind(o.getClass()) + "/" + Keys.of(o);
    }

    private static long version(HasMetadata o) {
        try {
            return Long.parseLong(o.getMetadata().getResourceVersion());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
