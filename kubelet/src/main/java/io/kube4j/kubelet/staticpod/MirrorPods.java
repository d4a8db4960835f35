package io.kube4j.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.kubelet.pod.PodLifecycle;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a mirror pod in the API for every static pod of this node, as upstream's kubelet does: a
 * copy of the static pod annotated {@code kubernetes.io/config.mirror: <hash>}, owned by the Node
 * (controller reference); a mirror that is deleted (or being deleted) comes back, one whose hash no
 * longer matches its static pod (the manifest changed) is deleted and made again, and one whose
 * static pod is gone is deleted. Deletions are immediate (grace period 0; unlike upstream, without
 * a UID precondition, which the client offers no way to send). Mirrors are made only while the Node
 * exists and is not being deleted.
 *
 * <p>Reconciles on every change of this node's pods in the API, on {@link #sync()} (call it when
 * the static pods change) and every resync period. Thread-safe. Owns a pod informer (pods whose
 * spec.nodeName is this node) and one virtual thread; {@link #close()} stops them and leaves the
 * mirror pods in place. The status of mirror pods is written by the pod lifecycle
 * ({@link #mirrorOf} finds a static pod's mirror).
 */
public final class MirrorPods implements AutoCloseable {

    public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(MirrorPods.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final Supplier<? extends Collection<Pod>> staticPods;
    private final Duration resync;
    private final Semaphore wake = new Semaphore(0);
    private final SharedIndexInformer<Pod> informer;
    private final Thread thread;
    private volatile boolean closed;

    private MirrorPods(KubernetesClient client, String nodeName, Supplier<? extends Collection<Pod>> staticPods, Duration resync) {
        this.client = client;
        this.nodeName = nodeName;
        this.staticPods = staticPods;
        this.resync = resync;
        this.informer = PodLifecycle.podInformer(client, nodeName);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                sync();
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                if (StaticPodAnnotations.isMirrorPod(pod) && pod.getMetadata().getDeletionTimestamp() != null) {
                    sync();
                }
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                sync();
            }
        });
        informer.start();
        this.thread = Thread.ofVirtual().name("mirror-pods-" + nodeName).unstarted(this::run);
    }

    /**
     * Starts keeping the mirrors of {@code staticPods} (e.g. {@code StaticPods::pods}).
     *
     * @param resync how often to reconcile without a reason ({@link #DEFAULT_RESYNC})
     */
    public static MirrorPods start(KubernetesClient client, String nodeName, Supplier<? extends Collection<Pod>> staticPods, Duration resync) {
        MirrorPods mirrors = new MirrorPods(client, nodeName, staticPods, resync);
        mirrors.thread.start();
        return mirrors;
    }

    /** Asks for a reconcile soon (coalesced); never blocks. */
    public void sync() {
        wake.release();
    }

    /** The API's mirror of {@code staticPod}, if it has a current one. */
    public Optional<Pod> mirrorOf(Pod staticPod) {
        Pod p = informer.getStore().getByKey(staticPod.getMetadata().getNamespace() + "/" + staticPod.getMetadata().getName());
        return p != null && StaticPodAnnotations.isMirrorOf(p, staticPod) ? Optional.of(p) : Optional.empty();
    }

    private void run() {
        while (!closed) {
            try {
                if (wake.tryAcquire(resync.toMillis(), TimeUnit.MILLISECONDS)) {
                    Thread.sleep(50); // fold a burst of events into one pass
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                reconcile();
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("mirror pods of node {}: {}", nodeName, e.toString());
                }
            }
        }
    }

    /** One pass: delete stale and orphaned mirrors, create missing ones. */
    void reconcile() {
        if (!informer.hasSynced()) {
            return; // an unsynced cache would make existing mirrors look missing
        }
        Map<String, Pod> statics = new LinkedHashMap<>();
        for (Pod p : staticPods.get()) {
            statics.put(key(p), p);
        }
        Map<String, Pod> apiPods = new HashMap<>();
        for (Pod p : informer.getStore().list()) {
            apiPods.put(key(p), p);
        }
        Node node = null;
        boolean nodeLooked = false;
        for (var e : statics.entrySet()) {
            Pod staticPod = e.getValue();
            Pod existing = apiPods.get(e.getKey());
            if (existing != null && !StaticPodAnnotations.isMirrorPod(existing)) {
                LOG.warn("pod {} in the API is not a mirror pod; the static pod of that name gets no mirror", e.getKey());
                continue;
            }
            if (existing != null) {
                if (existing.getMetadata().getDeletionTimestamp() == null && StaticPodAnnotations.isMirrorOf(existing, staticPod)) {
                    continue;
                }
                delete(existing);
            }
            if (!nodeLooked) {
                node = client.nodes().withName(nodeName).get();
                nodeLooked = true;
            }
            if (node == null || node.getMetadata().getDeletionTimestamp() != null) {
                LOG.debug("node {} not registered (or being deleted): mirror pod {} waits", nodeName, e.getKey());
                continue;
            }
            create(staticPod, node);
        }
        for (var e : apiPods.entrySet()) {
            if (StaticPodAnnotations.isMirrorPod(e.getValue()) && !statics.containsKey(e.getKey())) {
                delete(e.getValue());
            }
        }
    }

    private void create(Pod staticPod, Node node) {
        Pod mirror = Serialization.clone(staticPod);
        var meta = mirror.getMetadata();
        meta.setUid(null);
        meta.setResourceVersion(null);
        meta.setCreationTimestamp(null);
        meta.setDeletionTimestamp(null);
        Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations());
        String hash = annotations.get(StaticPodAnnotations.CONFIG_HASH);
        annotations.put(StaticPodAnnotations.CONFIG_MIRROR, hash);
        meta.setAnnotations(annotations);
        meta.setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion("v1").withKind("Node").withName(nodeName).withUid(node.getMetadata().getUid()).withController(true).build()));
        mirror.setStatus(null);
        try {
            client.pods().inNamespace(meta.getNamespace()).resource(mirror).create();
            LOG.info("created mirror pod {}/{}", meta.getNamespace(), meta.getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                Pod current = client.pods().inNamespace(meta.getNamespace()).withName(meta.getName()).get();
                if (current != null && hash.equals(StaticPodAnnotations.annotations(current).get(StaticPodAnnotations.CONFIG_MIRROR))) {
                    return;
                }
            }
            LOG.warn("mirror pod {}/{} not created: {}", meta.getNamespace(), meta.getName(), e.getMessage());
        }
    }

    private void delete(Pod mirror) {
        var meta = mirror.getMetadata();
        try {
            client.pods().inNamespace(meta.getNamespace()).withName(meta.getName()).withGracePeriod(0)
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                    .delete();
            LOG.info("deleted mirror pod {}/{} ({})", meta.getNamespace(), meta.getName(), meta.getUid());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            informer.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the pod informer", e);
        }
    }
}
