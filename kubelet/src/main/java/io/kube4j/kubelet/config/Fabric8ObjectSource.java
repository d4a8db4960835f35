package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link ObjectSource} over a fabric8 client: a GET per object, each answer (also "not found")
 * kept for {@code ttl} so that the containers of one pod and its volume refreshes share reads
 * (upstream's TTL-based configMap/secret managers). Thread-safe; the client stays the caller's.
 */
public final class Fabric8ObjectSource implements ObjectSource {

    private record Cached(Object value, Instant fetched) {}

    private static final Object ABSENT = new Object();
    private static final int PURGE_AT = 1024;

    private final KubernetesClient client;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Fabric8ObjectSource(KubernetesClient client, Duration ttl, Clock clock) {
        this.client = client;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Fabric8ObjectSource(KubernetesClient client) {
        this(client, Duration.ofSeconds(5), Clock.systemUTC());
    }

    @Override
    public ConfigMap configMap(String namespace, String name) {
        return get("configmap/" + namespace + "/" + name, () -> client.configMaps().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Secret secret(String namespace, String name) {
        return get("secret/" + namespace + "/" + name, () -> client.secrets().inNamespace(namespace).withName(name).get());
    }

    @Override
    public List<Service> services(String namespace) {
        List<Service> list = get("services/" + namespace, () -> client.services().inNamespace(namespace).list().getItems());
        return list == null ? List.of() : list;
    }

    @Override
    public Node node(String name) {
        return get("node/" + name, () -> client.nodes().withName(name).get());
    }

    @Override
    public PersistentVolumeClaim persistentVolumeClaim(String namespace, String name) {
        return get("pvc/" + namespace + "/" + name,
                () -> client.persistentVolumeClaims().inNamespace(namespace).withName(name).get());
    }

    @Override
    public PersistentVolume persistentVolume(String name) {
        return get("pv/" + name, () -> client.persistentVolumes().withName(name).get());
    }

    @SuppressWarnings("unchecked")
    private <T> T get(String key, Supplier<T> read) {
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && cached.fetched().plus(ttl).isAfter(now)) {
            return cached.value() == ABSENT ? null : (T) cached.value();
        }
        T value;
        try {
            value = read.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                value = null;
            } else {
                throw new ObjectSourceException("cannot read " + key + ": " + e.getMessage(), e);
            }
        }
        if (cache.size() >= PURGE_AT) {
            // objects of pods long gone would otherwise stay forever
            cache.values().removeIf(c -> !c.fetched().plus(ttl).isAfter(now));
        }
        cache.put(key, new Cached(value == null ? ABSENT : value, now));
        return value;
    }
}
