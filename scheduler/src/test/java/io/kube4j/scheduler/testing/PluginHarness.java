package io.kube4j.scheduler.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.PreScorePlugin;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.plugins.ImageLocality;

import java.util.List;

/** Runs a plugin's hooks the way one scheduling cycle would, for plugin unit tests. */
public final class PluginHarness {

    private PluginHarness() {
    }

    /** PreFilter (if any; a Skip yields success as the framework would) then Filter on one node. */
    public static Status filter(FilterPlugin plugin, Pod pod, NodeInfo node) {
        CycleState state = new CycleState();
        if (plugin instanceof PreFilterPlugin pre) {
            PreFilterResult r = pre.preFilter(state, pod, List.of(node));
            if (r.status().isSkip()) {
                return Status.success();
            }
            if (!r.status().isSuccess()) {
                return r.status();
            }
        }
        return plugin.filter(state, pod, node);
    }

    /** A NodeInfo for {@code node} with {@code pods} on it. */
    public static NodeInfo nodeInfo(Node node, Pod... pods) {
        NodeInfo info = new NodeInfo(node);
        for (Pod p : pods) {
            info.addPod(p);
        }
        return info;
    }

    /**
     * PreScore (if any), Score on every node, NormalizeScore: the final per-node scores before
     * weighting, in snapshot order. A PreScore Skip yields all zeros.
     */
    public static long[] scores(ScorePlugin plugin, Pod pod, Snapshot snapshot) {
        CycleState state = new CycleState();
        state.write(ImageLocality.SNAPSHOT_KEY, snapshot);
        List<NodeInfo> nodes = snapshot.nodeInfos();
        long[] scores = new long[nodes.size()];
        if (plugin instanceof PreScorePlugin pre) {
            Status s = pre.preScore(state, pod, nodes);
            if (s.isSkip()) {
                return scores;
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            scores[i] = plugin.score(state, pod, nodes.get(i));
        }
        plugin.normalizeScore(state, pod, nodes, scores);
        return scores;
    }
}
