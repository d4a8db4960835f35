package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.ImageStateSummary;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Snapshot;

import java.util.List;

/**
 * Score: favours nodes that already have the pod's images, by the images' sizes scaled by how
 * widely each image is spread (an image on every node says nothing about this one), clamped
 * between 23 MiB and 1000 MiB per container and mapped onto 0..100. Reads the cycle's
 * {@link Snapshot} from the CycleState under {@link #SNAPSHOT_KEY} for the node count. Stateless,
 * thread-safe. Default weight 1.
 */
public final class ImageLocality implements ScorePlugin {

    /** CycleState key under which the scheduling cycle stores its {@link Snapshot}. */
    public static final String SNAPSHOT_KEY = "kube4j.io/snapshot";

    private static final long MB = 1024L * 1024;
    static final long MIN_THRESHOLD = 23 * MB;
    static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;

    @Override
    public String name() {
        return PluginNames.IMAGE_LOCALITY;
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        int totalNodes = state.contains(SNAPSHOT_KEY) ? state.read(SNAPSHOT_KEY, Snapshot.class).numNodes() : 1;
        var spec = pod.getSpec();
        if (spec == null) {
            return 0;
        }
        long sum = sumImageScores(node, spec.getInitContainers(), totalNodes) + sumImageScores(node, spec.getContainers(), totalNodes);
        int containers = size(spec.getInitContainers()) + size(spec.getContainers());
        return calculatePriority(sum, containers);
    }

    static long calculatePriority(long sumScores, int numContainers) {
        long maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
        if (maxThreshold <= MIN_THRESHOLD) {
            return 0;
        }
        long clamped = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
        return MAX_NODE_SCORE * (clamped - MIN_THRESHOLD) / (maxThreshold - MIN_THRESHOLD);
    }

    private static long sumImageScores(NodeInfo node, List<Container> containers, int totalNodes) {
        if (containers == null) {
            return 0;
        }
        long sum = 0;
        for (Container c : containers) {
            if (c.getImage() == null) {
                continue;
            }
            ImageStateSummary state = node.imageStates().get(ImageStateSummary.normalizedName(c.getImage()));
            if (state != null) {
                double spread = (double) state.numNodes() / totalNodes;
                sum += (long) (state.size() * spread);
            }
        }
        return sum;
    }

    private static int size(List<?> l) {
        return l == null ? 0 : l.size();
    }
}
