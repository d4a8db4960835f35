package io.kube4j.apiserver.storage;

import java.util.List;

/**
 * Keys a write takes or gives back in the same transaction as the object itself: a Service's
 * cluster IP and node ports are claimed by creating one key each (the write fails if another
 * object holds one), and released by deleting them. Because the claims commit or fail with the
 * object, an address is never leaked by a crash between the two, and never given out twice.
 *
 * @param acquire keys that must not exist, created with {@code owner} as their value
 * @param release keys to delete (whatever they hold)
 * @param owner   {@code namespace/name} of the object, for whoever reads the claims
 */
public record Claims(List<String> acquire, List<String> release, String owner) {

    public static final Claims NONE = new Claims(List.of(), List.of(), "");

    public Claims {
        acquire = List.copyOf(acquire);
        release = List.copyOf(release);
    }

    public boolean isEmpty() {
        return acquire.isEmpty() && release.isEmpty();
    }
}
