package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kube4j.scheduler.config.PluginContext;
import io.kube4j.scheduler.plugins.NamespaceLabels;
import io.kube4j.scheduler.plugins.SpreadOwners;
import io.kube4j.scheduler.plugins.volumes.VolumeListers;
import io.kube4j.scheduler.plugins.volumes.VolumeWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugins' cluster inputs read from informer caches: Services and controllers selecting a pod
 * ({@link SpreadOwners}, upstream's DefaultSelector), namespace labels ({@link NamespaceLabels}),
 * and claims, volumes and storage classes ({@link VolumeListers}). {@link #register} creates the
 * informers on a factory before it is started; reads before the first sync see an empty cluster.
 * Thread-safe: every read goes to the informers' thread-safe stores.
 */
public final class ClusterListers implements SpreadOwners, NamespaceLabels, VolumeListers {

    /** Looks objects up by namespace/name (or name) and lists them. */
    interface Store<T> {
        T get(String key);

        List<T> list();
    }

    private final Store<Service> services;
    private final Store<ReplicationController> controllers;
    private final Store<ReplicaSet> replicaSets;
    private final Store<StatefulSet> statefulSets;
    private final Store<Namespace> namespaces;
    private final Store<PersistentVolumeClaim> claims;
    private final Store<PersistentVolume> volumes;
    private final Store<StorageClass> classes;
    /** Informers whose changes may make pods schedulable, by the resource name of their events. */
    private final Map<String, SharedIndexInformer<? extends HasMetadata>> requeueing = new LinkedHashMap<>();

    ClusterListers(Store<Service> services, Store<ReplicationController> controllers, Store<ReplicaSet> replicaSets,
                   Store<StatefulSet> statefulSets, Store<Namespace> namespaces, Store<PersistentVolumeClaim> claims,
                   Store<PersistentVolume> volumes, Store<StorageClass> classes) {
        this.services = services;
        this.controllers = controllers;
        this.replicaSets = replicaSets;
        this.statefulSets = statefulSets;
        this.namespaces = namespaces;
        this.claims = claims;
        this.volumes = volumes;
        this.classes = classes;
    }

    /** Registers one informer per input kind on {@code factory} (not started) and reads through them. */
    public static ClusterListers register(SharedInformerFactory factory) {
        var svc = InformerRetries.always(factory.sharedIndexInformerFor(Service.class, 0));
        var ns = InformerRetries.always(factory.sharedIndexInformerFor(Namespace.class, 0));
        var pvc = InformerRetries.always(factory.sharedIndexInformerFor(PersistentVolumeClaim.class, 0));
        var pv = InformerRetries.always(factory.sharedIndexInformerFor(PersistentVolume.class, 0));
        var sc = InformerRetries.always(factory.sharedIndexInformerFor(StorageClass.class, 0));
        ClusterListers listers = new ClusterListers(store(svc), store(InformerRetries.always(factory.sharedIndexInformerFor(ReplicationController.class, 0))),
                store(InformerRetries.always(factory.sharedIndexInformerFor(ReplicaSet.class, 0))),
                store(InformerRetries.always(factory.sharedIndexInformerFor(StatefulSet.class, 0))), store(ns), store(pvc), store(pv), store(sc));
        listers.requeueing.put("Service", svc);
        listers.requeueing.put("Namespace", ns);
        listers.requeueing.put("PersistentVolumeClaim", pvc);
        listers.requeueing.put("PersistentVolume", pv);
        listers.requeueing.put("StorageClass", sc);
        return listers;
    }

    /**
     * Lets changes of Services, Namespaces, claims, volumes and storage classes retry
     * unschedulable pods (upstream's cluster events for them); call before the factory starts.
     */
    public void requeueThrough(InformerHandlers handlers) {
        requeueing.forEach((resource, informer) -> informer.addEventHandler(handlers.requeueOn(resource)));
    }

    /** Fixed stores over the given objects (for tests). */
    static ClusterListers of(List<Service> services, List<ReplicationController> rcs, List<ReplicaSet> rss,
                             List<StatefulSet> sss, List<Namespace> nss, List<PersistentVolumeClaim> pvcs,
                             List<PersistentVolume> pvs, List<StorageClass> scs) {
        return new ClusterListers(fixed(services), fixed(rcs), fixed(rss), fixed(sss), fixed(nss), fixed(pvcs),
                fixed(pvs), fixed(scs));
    }

    /** The plugin inputs these listers provide, with {@code writer} for VolumeBinding's PreBind. */
    public PluginContext context(VolumeWriter writer) {
        return new PluginContext(this, this, this, writer);
    }

    @Override
    public List<LabelSelector> selectorsFor(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        List<LabelSelector> out = new ArrayList<>();
        for (Service s : services.list()) {
            Map<String, String> sel = s.getSpec() == null ? null : s.getSpec().getSelector();
            // A Service without a selector (fabric8 cannot tell absent from empty) selects no pods.
            if (ns.equals(s.getMetadata().getNamespace()) && sel != null && !sel.isEmpty()
                    && labels.entrySet().containsAll(sel.entrySet())) {
                out.add(new LabelSelectorBuilder().withMatchLabels(sel).build());
            }
        }
        OwnerReference owner = controllerOf(pod);
        if (owner == null) {
            return out;
        }
        String key = ns + "/" + owner.getName();
        switch (owner.getApiVersion() + "/" + owner.getKind()) {
            case "v1/ReplicationController" -> {
                ReplicationController rc = controllers.get(key);
                if (rc != null && rc.getSpec() != null && rc.getSpec().getSelector() != null) {
                    out.add(new LabelSelectorBuilder().withMatchLabels(rc.getSpec().getSelector()).build());
                }
            }
            case "apps/v1/ReplicaSet" -> {
                ReplicaSet rs = replicaSets.get(key);
                if (rs != null && rs.getSpec() != null && rs.getSpec().getSelector() != null) {
                    out.add(rs.getSpec().getSelector());
                }
            }
            case "apps/v1/StatefulSet" -> {
                StatefulSet ss = statefulSets.get(key);
                if (ss != null && ss.getSpec() != null && ss.getSpec().getSelector() != null) {
                    out.add(ss.getSpec().getSelector());
                }
            }
            default -> {
            }
        }
        return out;
    }

    @Override
    public Map<String, String> labelsOf(String namespace) {
        Namespace n = namespaces.get(namespace);
        if (n == null) {
            return null;
        }
        Map<String, String> labels = new HashMap<>();
        if (n.getMetadata().getLabels() != null) {
            labels.putAll(n.getMetadata().getLabels());
        }
        labels.putIfAbsent(NAME_LABEL, namespace);
        return labels;
    }

    @Override
    public PersistentVolumeClaim claim(String namespace, String name) {
        return claims.get(namespace + "/" + name);
    }

    @Override
    public PersistentVolume volume(String name) {
        return volumes.get(name);
    }

    @Override
    public List<PersistentVolume> volumes() {
        return volumes.list();
    }

    @Override
    public StorageClass storageClass(String name) {
        return classes.get(name);
    }

    private static OwnerReference controllerOf(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(null);
    }

    private static <T extends HasMetadata> Store<T> store(SharedIndexInformer<T> informer) {
        return new Store<>() {
            @Override
            public T get(String key) {
                return informer.getIndexer().getByKey(key);
            }

            @Override
            public List<T> list() {
                return informer.getIndexer().list();
            }
        };
    }

    private static <T extends HasMetadata> Store<T> fixed(List<T> objects) {
        Map<String, T> byKey = new HashMap<>();
        objects.forEach(o -> byKey.put(Cache.metaNamespaceKeyFunc(o), o));
        List<T> all = List.copyOf(objects);
        return new Store<>() {
            @Override
            public T get(String key) {
                return byKey.get(key);
            }

            @Override
            public List<T> list() {
                return all;
            }
        };
    }
}
