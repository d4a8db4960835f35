package io.kube4j.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.BindPlugin;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PermitPlugin;
import io.kube4j.scheduler.framework.PermitResult;
import io.kube4j.scheduler.framework.PluginException;
import io.kube4j.scheduler.framework.PostBindPlugin;
import io.kube4j.scheduler.framework.PostFilterPlugin;
import io.kube4j.scheduler.framework.PostFilterResult;
import io.kube4j.scheduler.framework.PreBindPlugin;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.PreFilterExtensions;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.PreScorePlugin;
import io.kube4j.scheduler.framework.ReservePlugin;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.framework.WaitingPods;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a {@link Profile}'s plugins at each extension point with upstream's rules: which statuses
 * stop a chain, which plugin a rejection is attributed to, how Skip disables later hooks, how
 * PreFilter node sets intersect, how scores are normalized, range-checked and weighted.
 * Stateless apart from the profile; thread-safe.
 */
public final class FrameworkRunner {

    /** Where a scheduling cycle leaves its FrameworkRunner in the CycleState (for PostFilter simulations). */
    public static final String STATE_KEY = "kube4j.io/framework";

    private final Profile profile;
    private final WaitingPods waitingPods = new WaitingPods(InstantSource.system());

    public FrameworkRunner(Profile profile) {
        this.profile = profile;
    }

    public Profile profile() {
        return profile;
    }

    /**
     * The PreFilter outcome: the merged node restriction (null = all nodes), the status (success,
     * or the first rejection/error attributed to its plugin) and the plugins that restricted nodes.
     */
    public record PreFilterOutcome(Set<String> nodeNames, Status status, Set<String> pluginsWithNodes) {
    }

    public PreFilterOutcome runPreFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        Set<String> names = null;
        List<String> pluginsWithNodes = new ArrayList<>();
        for (PreFilterPlugin pl : profile.preFilter()) {
            PreFilterResult r = pl.preFilter(state, pod, nodes);
            Status s = r.status();
            if (s.isSkip()) {
                state.skipFilterPlugins().add(pl.name());
                continue;
            }
            if (!s.isSuccess()) {
                Status attributed = s.isRejected() ? s.withPlugin(pl.name())
                        : Status.error("running PreFilter plugin " + pl.name() + ": " + s.message()).withPlugin(pl.name());
                return new PreFilterOutcome(null, attributed, new TreeSet<>(pluginsWithNodes));
            }
            if (r.nodeNames() != null) {
                pluginsWithNodes.add(pl.name());
                if (names == null) {
                    names = new HashSet<>(r.nodeNames());
                } else {
                    names.retainAll(r.nodeNames());
                }
                if (names.isEmpty()) {
                    String msg = pluginsWithNodes.size() == 1
                            ? "node(s) didn't satisfy plugin " + pluginsWithNodes.getFirst()
                            : "node(s) didn't satisfy plugin(s) " + goList(pluginsWithNodes) + " simultaneously";
                    return new PreFilterOutcome(names, Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, msg),
                            new TreeSet<>(pluginsWithNodes));
                }
            }
        }
        return new PreFilterOutcome(names, Status.success(), new TreeSet<>(pluginsWithNodes));
    }

    /** Filter plugins in order, stopping at the first non-success; Skip-ped plugins are not called. */
    public Status runFilter(CycleState state, Pod pod, NodeInfo node) {
        for (FilterPlugin pl : profile.filter()) {
            if (state.skipFilterPlugins().contains(pl.name())) {
                continue;
            }
            Status s = pl.filter(state, pod, node);
            if (!s.isSuccess()) {
                if (!s.isRejected()) {
                    return Status.error("running " + pl.name() + " filter plugin: " + s.message()).withPlugin(pl.name());
                }
                return s.withPlugin(pl.name());
            }
        }
        return Status.success();
    }

    /**
     * Upstream's RunFilterPluginsWithNominatedPods: the pods of {@code nominated} (those nominated
     * to {@code node}) with at least {@code pod}'s priority, other than {@code pod}, are counted on
     * a copy of the node (and of the state, through the PreFilter extensions) and the filters run
     * there; when there were any, the filters must also pass without them.
     */
    public Status runFilterWithNominatedPods(CycleState state, Pod pod, NodeInfo node, List<Pod> nominated) {
        if (!nominated.isEmpty()) {
            int priority = priorityOf(pod);
            String key = PodInfo.keyOf(pod);
            CycleState withState = null;
            NodeInfo withNode = null;
            for (Pod p : nominated) {
                if (priorityOf(p) < priority || PodInfo.keyOf(p).equals(key)) {
                    continue;
                }
                if (withState == null) {
                    withState = state.copy();
                    withNode = node.copy();
                }
                PodInfo info = PodInfo.of(p);
                withNode.addPod(info);
                Status s = runPreFilterExtensionAddPod(withState, pod, info, withNode);
                if (!s.isSuccess()) {
                    return s;
                }
            }
            if (withState != null) {
                Status s = runFilter(withState, pod, withNode);
                if (!s.isSuccess()) {
                    return s;
                }
            }
        }
        return runFilter(state, pod, node);
    }

    /** AddPod of every PreFilter plugin with extensions whose Filter runs this cycle; the first failure. */
    public Status runPreFilterExtensionAddPod(CycleState state, Pod pod, PodInfo added, NodeInfo node) {
        for (PreFilterPlugin pl : profile.preFilter()) {
            if (pl instanceof PreFilterExtensions ext && !state.skipFilterPlugins().contains(pl.name())) {
                Status s = ext.addPod(state, pod, added, node);
                if (!s.isSuccess()) {
                    return Status.error("running AddPod on PreFilter plugin " + pl.name() + ": " + s.message())
                            .withPlugin(pl.name());
                }
            }
        }
        return Status.success();
    }

    /** RemovePod of every PreFilter plugin with extensions whose Filter runs this cycle; the first failure. */
    public Status runPreFilterExtensionRemovePod(CycleState state, Pod pod, PodInfo removed, NodeInfo node) {
        for (PreFilterPlugin pl : profile.preFilter()) {
            if (pl instanceof PreFilterExtensions ext && !state.skipFilterPlugins().contains(pl.name())) {
                Status s = ext.removePod(state, pod, removed, node);
                if (!s.isSuccess()) {
                    return Status.error("running RemovePod on PreFilter plugin " + pl.name() + ": " + s.message())
                            .withPlugin(pl.name());
                }
            }
        }
        return Status.success();
    }

    private static int priorityOf(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getPriority() == null ? 0 : pod.getSpec().getPriority();
    }

    public boolean hasFilterPlugins() {
        return !profile.filter().isEmpty();
    }

    public boolean hasScorePlugins() {
        return !profile.score().isEmpty();
    }

    /**
     * PostFilter plugins until one succeeds or returns UnschedulableAndUnresolvable; otherwise an
     * Unschedulable status with every plugin's reasons, attributed to the first rejecting plugin.
     */
    public PostFilterResult runPostFilter(CycleState state, Pod pod, Map<String, Status> nodeStatuses) {
        PostFilterResult last = null;
        List<String> reasons = new ArrayList<>();
        String rejector = "";
        for (PostFilterPlugin pl : profile.postFilter()) {
            PostFilterResult r = pl.postFilter(state, pod, nodeStatuses);
            Status s = r.status();
            if (s.isSuccess()) {
                return r;
            }
            if (s.code() == Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                return new PostFilterResult(s.withPlugin(pl.name()), r.nominatedNodeName());
            }
            if (!s.isRejected()) {
                return new PostFilterResult(Status.error(s.message()).withPlugin(pl.name()), null);
            }
            if (r.nominatedNodeName() != null) {
                last = r;
            }
            reasons.addAll(s.reasons());
            if (rejector.isEmpty()) {
                rejector = pl.name();
            }
        }
        return new PostFilterResult(new Status(Code.UNSCHEDULABLE, reasons, rejector),
                last == null ? null : last.nominatedNodeName());
    }

    /** PreScore plugins; Skip disables the plugin's Score this cycle; the first other failure is returned. */
    public Status runPreScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        for (PreScorePlugin pl : profile.preScore()) {
            Status s = pl.preScore(state, pod, nodes);
            if (s.isSkip()) {
                state.skipScorePlugins().add(pl.name());
            } else if (!s.isSuccess()) {
                return Status.error("running PreScore plugin " + pl.name() + ": " + s.message()).withPlugin(pl.name());
            }
        }
        return Status.success();
    }

    /**
     * Score, normalize, range-check and weight every enabled score plugin over {@code nodes}.
     *
     * @return per node (same order) the weighted total
     * @throws PluginException when a plugin fails or returns a score outside 0..100
     */
    public long[] runScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
        long[] totals = new long[nodes.size()];
        for (WeightedScorePlugin w : profile.score()) {
            ScorePlugin pl = w.plugin();
            if (state.skipScorePlugins().contains(pl.name())) {
                continue;
            }
            long[] scores = new long[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                scores[i] = pl.score(state, pod, nodes.get(i));
            }
            Status s = pl.normalizeScore(state, pod, nodes, scores);
            if (!s.isSuccess()) {
                throw new PluginException("running NormalizeScore of " + pl.name() + ": " + s.message());
            }
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] < ScorePlugin.MIN_NODE_SCORE || scores[i] > ScorePlugin.MAX_NODE_SCORE) {
                    throw new PluginException("plugin " + pl.name() + " returns an invalid score " + scores[i]
                            + ", it should be in the range of [0, 100] after normalizing");
                }
                totals[i] += scores[i] * w.weight();
            }
        }
        return totals;
    }

    /** Reserve plugins in order; on the first failure the caller must run {@link #runUnreserve}. */
    public Status runReserve(CycleState state, Pod pod, String nodeName) {
        for (ReservePlugin pl : profile.reserve()) {
            Status s = pl.reserve(state, pod, nodeName);
            if (!s.isSuccess()) {
                return (s.isRejected() ? s : Status.error(s.message())).withPlugin(pl.name());
            }
        }
        return Status.success();
    }

    /** Unreserve in reverse order, as upstream. */
    public void runUnreserve(CycleState state, Pod pod, String nodeName) {
        List<ReservePlugin> plugins = profile.reserve();
        for (int i = plugins.size() - 1; i >= 0; i--) {
            plugins.get(i).unreserve(state, pod, nodeName);
        }
    }

    /**
     * Permit plugins: the first rejection or error wins; otherwise Wait with the longest timeout
     * asked for if any plugin waits, else success.
     */
    /**
     * Permit plugins in order: the first rejection wins; if any says Wait, the pod is registered
     * in {@link #waitingPods()} with each waiting plugin's timeout and the result is Wait (the
     * binding cycle then blocks in {@link WaitingPods#await}).
     */
    public PermitResult runPermit(CycleState state, Pod pod, String nodeName) {
        Map<String, Duration> waits = new LinkedHashMap<>();
        for (PermitPlugin pl : profile.permit()) {
            PermitResult r = pl.permit(state, pod, nodeName);
            Status s = r.status();
            if (s.code() == Code.WAIT) {
                waits.put(pl.name(), r.timeout() == null ? Duration.ZERO : r.timeout());
            } else if (!s.isSuccess()) {
                return new PermitResult((s.isRejected() ? s : Status.error(s.message())).withPlugin(pl.name()), Duration.ZERO);
            }
        }
        if (waits.isEmpty()) {
            return new PermitResult(Status.success(), Duration.ZERO);
        }
        waitingPods.add(pod, nodeName, waits);
        return new PermitResult(Status.of(Code.WAIT), waits.values().stream().max(Duration::compareTo).orElseThrow());
    }

    /** The pods waiting at Permit, for plugins to allow or reject. */
    public WaitingPods waitingPods() {
        return waitingPods;
    }

    public Status runPreBind(CycleState state, Pod pod, String nodeName) {
        for (PreBindPlugin pl : profile.preBind()) {
            Status s = pl.preBind(state, pod, nodeName);
            if (!s.isSuccess()) {
                return (s.isRejected() ? s : Status.error(s.message())).withPlugin(pl.name());
            }
        }
        return Status.success();
    }

    /** Bind plugins until one does not Skip; all Skip (or none) is Skip. */
    public Status runBind(CycleState state, Pod pod, String nodeName) {
        for (BindPlugin pl : profile.bind()) {
            Status s = pl.bind(state, pod, nodeName);
            if (s.isSkip()) {
                continue;
            }
            return s.isSuccess() ? s : s.withPlugin(pl.name());
        }
        return Status.skip();
    }

    public void runPostBind(CycleState state, Pod pod, String nodeName) {
        for (PostBindPlugin pl : profile.postBind()) {
            pl.postBind(state, pod, nodeName);
        }
    }

    /** Go's %v of a string slice: [a b c]. */
    static String goList(java.util.Collection<String> items) {
        return "[" + String.join(" ", items) + "]";
    }
}
