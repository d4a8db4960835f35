package io.kube4j.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
        MirrorPods[] mirrors = new MirrorPods[1];
        StaticPods[] source = new StaticPods[1];
        mirrors[0] = MirrorPods.start(client, nodeName, () -> source[0] == null ? List.of() : source[0].pods(), mirrorResync);
        source[0] = StaticPods.start(manifestPath, nodeName, rereadPeriod, change -> {
            lifecycle.accept(change);
            mirrors[0].sync();
        });
        mirrors[0].sync();
        return new StaticPodAgent(source[0], mirrors[0]);
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
