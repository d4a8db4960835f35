package io.kube4j.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Static pods and their mirrors together, the way the kubelet wires them: the manifest source
 * ({@link StaticPods}) hands each change to the pod lifecycle and then asks {@link MirrorPods} to
 * reconcile. The lifecycle runs static pods without the apiserver; the mirrors only show them there.
 *
 * <p>Thread-safe. Owns both parts; {@link #close()} stops them (mirror pods stay in the API, as
 * they do when the upstream kubelet stops).
 */
public final class StaticPodAgent implements AutoCloseable {

    private final StaticPods source;
    private final MirrorPods mirrors;

    private StaticPodAgent(StaticPods source, MirrorPods mirrors) {
        this.source = source;
        this.mirrors = mirrors;
    }

    /**
     * Starts reading {@code manifestPath} and keeping mirrors with upstream's periods (re-read 20 s,
     * mirror resync 10 s).
     *
     * @param lifecycle receives every static pod change, on the source's thread
     */
    public static StaticPodAgent start(KubernetesClient client, Path manifestPath, String nodeName, Consumer<StaticPodChange> lifecycle) {
        return start(client, manifestPath, nodeName, StaticPods.DEFAULT_PERIOD, MirrorPods.DEFAULT_RESYNC, lifecycle);
    }

    /** As {@link #start(KubernetesClient, Path, String, Consumer)} with other periods (tests). */
    public static StaticPodAgent start(KubernetesClient client, Path manifestPath, String nodeName, Duration rereadPeriod,
            Duration mirrorResync, Consumer<StaticPodChange> lifecycle) {
        // the mirrors start only once the manifests have been read: before that, every existing
        // mirror pod would look orphaned and be deleted
        AtomicReference<MirrorPods> mirrorsRef = new AtomicReference<>();
        StaticPods source = StaticPods.start(manifestPath, nodeName, rereadPeriod, change -> {
            lifecycle.accept(change);
            MirrorPods m = mirrorsRef.get();
            if (m != null) {
                m.sync();
            }
        });
        MirrorPods mirrors = MirrorPods.start(client, nodeName, source::pods, mirrorResync);
        mirrorsRef.set(mirrors);
        mirrors.sync();
        return new StaticPodAgent(source, mirrors);
    }

    /** The static pods as last read. */
    public List<Pod> pods() {
        return source.pods();
    }

    /** The API's mirror of {@code staticPod} (for writing its status), if it has a current one. */
    public Optional<Pod> mirrorOf(Pod staticPod) {
        return mirrors.mirrorOf(staticPod);
    }

    /** Re-reads the manifests now. */
    public void rescan() {
        source.rescan();
    }

    @Override
    public void close() {
        source.close();
        mirrors.close();
    }
}
