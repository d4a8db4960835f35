package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link ObjectSource} over maps, for tests: {@link #put} objects, read them back. Thread-safe. */
public final class MapObjectSource implements ObjectSource {

    private final Map<String, HasMetadata> objects = new ConcurrentHashMap<>();

    /** Adds or replaces an object (by kind, namespace and name). */
    public MapObjectSource put(HasMetadata object) {
        objects.put(key(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName()), object);
        return this;
    }

    public void remove(String kind, String namespace, String name) {
        objects.remove(key(kind, namespace, name));
    }

    private static String key(String kind, String ns, String name) {
        return kind + "/" + (ns == null ? "" : ns) + "/" + name;
    }

    @SuppressWarnings("unchecked")
    private <T> T get(String kind, String ns, String name) {
        return (T) objects.get(key(kind, ns, name));
    }

    @Override
    public ConfigMap configMap(String namespace, String name) {
        return get("ConfigMap", namespace, name);
    }

    @Override
    public Secret secret(String namespace, String name) {
        return get("Secret", namespace, name);
    }

    @Override
    public List<Service> services(String namespace) {
        List<Service> out = new ArrayList<>();
        for (HasMetadata o : objects.values()) {
            if (o instanceof Service s && namespace.equals(s.getMetadata().getNamespace())) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public Node node(String name) {
        return get("Node", null, name);
    }

    @Override
    public PersistentVolumeClaim persistentVolumeClaim(String namespace, String name) {
        return get("PersistentVolumeClaim", namespace, name);
    }

    @Override
    public PersistentVolume persistentVolume(String name) {
        return get("PersistentVolume", null, name);
    }
}
