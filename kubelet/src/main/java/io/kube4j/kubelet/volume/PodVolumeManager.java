package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.kube4j.kubelet.config.ObjectSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VolumeManager} with upstream's in-tree plugins: emptyDir, hostPath, configMap, secret,
 * downwardAPI, projected (with bound service-account tokens) and persistentVolumeClaim onto
 * hostPath/local PersistentVolumes. Volumes live in PODS/UID/volumes/kubernetes.io~PLUGIN/NAME.
 *
 * <p>Thread-safe: the plugins are stateless; tokens are cached per pod.
 */
public final class PodVolumeManager implements VolumeManager {

    private static final Logger log = LoggerFactory.getLogger(PodVolumeManager.class);

    private final Path podsDir;
    private final ObjectSource source;
    private final ServiceAccountTokens tokens;
    private final String nodeName;
    private final Map<String, Quantity> nodeAllocatable;
    private final boolean memoryBacked;

    /**
     * @param nodeName this node, whose allocatable resources are the default limits in the downward API
     * @param nodeAllocatable used when the Node cannot be read
     * @param memoryBacked whether tmpfs mounts are made (secrets, projected, emptyDir Memory); needs root
     */
    public PodVolumeManager(Path podsDir, ObjectSource source, TokenSource tokenSource, String nodeName,
            Map<String, Quantity> nodeAllocatable, boolean memoryBacked, Clock clock) {
        this.podsDir = podsDir;
        this.source = source;
        this.tokens = new ServiceAccountTokens(tokenSource, clock);
        this.nodeName = nodeName;
        this.nodeAllocatable = Map.copyOf(nodeAllocatable);
        this.memoryBacked = memoryBacked;
    }

    /** With tmpfs when running as root, the system clock. */
    public PodVolumeManager(Path podsDir, ObjectSource source, TokenSource tokenSource, String nodeName,
            Map<String, Quantity> nodeAllocatable) {
        this(podsDir, source, tokenSource, nodeName, nodeAllocatable, Tmpfs.canMount(), Clock.systemUTC());
    }

    @Override
    public PodVolumes setUp(Pod pod) throws VolumeException {
        String uid = pod.getMetadata().getUid();
        VolumeContext ctx = new VolumeContext(pod, podsDir.resolve(uid), source, tokens, this::allocatable, memoryBacked);
        Map<String, HostVolume> byName = new LinkedHashMap<>();
        for (Volume v : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            try {
                byName.put(v.getName(), setUp(ctx, v));
            } catch (SetUpFailure e) {
                throw new VolumeException(v.getName(), "MountVolume.SetUp failed for volume \"%s\" : %s".formatted(v.getName(), e.getMessage()));
            }
        }
        return new PodVolumes(uid, byName);
    }

    private static HostVolume setUp(VolumeContext ctx, Volume v) throws SetUpFailure {
        if (v.getEmptyDir() != null) {
            return EmptyDirVolume.setUp(ctx, v.getName(), v.getEmptyDir());
        }
        if (v.getHostPath() != null) {
            return HostPathVolume.setUp(v.getHostPath());
        }
        if (v.getConfigMap() != null) {
            return ConfigMapVolume.setUp(ctx, v.getName(), v.getConfigMap());
        }
        if (v.getSecret() != null) {
            return SecretVolume.setUp(ctx, v.getName(), v.getSecret());
        }
        if (v.getDownwardAPI() != null) {
            return DownwardApiVolume.setUp(ctx, v.getName(), v.getDownwardAPI());
        }
        if (v.getProjected() != null) {
            return ProjectedVolume.setUp(ctx, v.getName(), v.getProjected());
        }
        if (v.getPersistentVolumeClaim() != null) {
            return PersistentVolumeClaimVolume.setUp(ctx, v.getPersistentVolumeClaim());
        }
        throw new SetUpFailure("volume type not supported by this kubelet (emptyDir, hostPath, configMap, secret, "
                + "downwardAPI, projected and persistentVolumeClaim are)");
    }

    @Override
    public void tearDown(String podUid) {
        tokens.forget(podUid);
        Path podDir = podsDir.resolve(podUid);
        try {
            Tmpfs.unmountUnder(podDir);
            String prefix = podDir.toAbsolutePath().normalize().toString();
            for (String mp : Tmpfs.mountPoints()) {
                if (mp.equals(prefix) || mp.startsWith(prefix + "/")) {
                    // deleting through a mount could remove what is not the pod's
                    log.warn("not deleting {}: {} is still mounted", podDir, mp);
                    return;
                }
            }
            AtomicWriter.deleteTree(podDir);
        } catch (IOException e) {
            log.warn("cannot tear down the volumes of pod {}: {}", podUid, e.toString());
        }
    }

    private Map<String, Quantity> allocatable() {
        try {
            Node node = nodeName == null ? null : source.node(nodeName);
            if (node != null && node.getStatus() != null && node.getStatus().getAllocatable() != null
                    && !node.getStatus().getAllocatable().isEmpty()) {
                return node.getStatus().getAllocatable();
            }
        } catch (ObjectSource.ObjectSourceException e) {
            log.debug("node {} unreadable, using the configured allocatable: {}", nodeName, e.getMessage());
        }
        return nodeAllocatable;
    }
}
