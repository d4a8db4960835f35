package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.EnqueueExtensions;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PreBindPlugin;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.ReservePlugin;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.plugins.volumes.PodBindings;
import io.kube4j.scheduler.plugins.volumes.PodBindings.StaticBinding;
import io.kube4j.scheduler.plugins.volumes.PodClaims;
import io.kube4j.scheduler.plugins.volumes.VolumeListers;
import io.kube4j.scheduler.plugins.volumes.VolumeMatcher;
import io.kube4j.scheduler.plugins.volumes.VolumeObjects;
import io.kube4j.scheduler.plugins.volumes.VolumeWriter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's VolumeBinding for the core path: PreFilter resolves the pod's claims (skipping pods
 * without any, rejecting missing, deleting and unbound Immediate ones); Filter checks bound
 * volumes' node affinity and finds, per node, a static volume or dynamic provisioning for each
 * unbound WaitForFirstConsumer claim; Reserve assumes the chosen volumes so later pods do not take
 * them; PreBind writes the bindings through a {@link VolumeWriter}.
 *
 * <p>Left out: storage capacity tracking (CSIStorageCapacity), CSI attach limits, the feature-gated
 * Score, and waiting in PreBind for an external provisioner to bind a dynamically provisioned
 * claim (PreBind only sets the selected-node annotation). Static bindings are written completely
 * here (volume claimRef and claim volumeName), as kube4j runs no PV controller that would finish them.
 * For the same reason a claim counts as bound once its spec.volumeName is set; upstream also waits
 * for the controller's bind-completed annotation and treats a claim without it as unbound.
 *
 * <p>Thread-safe: the assumed volumes are a concurrent map shared by all cycles.
 */
public final class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin,
        EnqueueExtensions {

    public static final String NAME = "VolumeBinding";
    public static final String ERR_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
    public static final String ERR_NODE_CONFLICT = "node(s) had volume node affinity conflict";
    public static final String ERR_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
    public static final String ERR_PV_NOT_EXIST = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

    private static final String STATE_KEY = "PreFilter" + NAME;

    private final VolumeListers listers;
    private final VolumeWriter writer;
    /** Volume name -> namespace/name of the claim a reserved pod will bind it to. */
    private final Map<String, String> assumed = new ConcurrentHashMap<>();

    public VolumeBinding(VolumeListers listers, VolumeWriter writer) {
        this.listers = listers;
        this.writer = writer;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The per-cycle state: the pod's claims and, per node that passed Filter, how to bind them. */
    private record State(PodClaims claims, Map<String, PodBindings> byNode) {
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        if (!PodClaims.usesClaims(pod)) {
            return PreFilterResult.of(Status.skip());
        }
        PodClaims claims;
        try {
            claims = PodClaims.of(pod, listers);
        } catch (PodClaims.ClaimProblem e) {
            return PreFilterResult.of(e.status());
        }
        if (!claims.immediate().isEmpty()) {
            return PreFilterResult.of(Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_UNBOUND_IMMEDIATE));
        }
        state.write(STATE_KEY, new State(claims, new ConcurrentHashMap<>()));
        return PreFilterResult.success();
    }

    @Override
    public Status filter(CycleState cycle, Pod pod, NodeInfo nodeInfo) {
        if (!cycle.contains(STATE_KEY)) {
            return Status.success();
        }
        State state = cycle.read(STATE_KEY, State.class);
        Node node = nodeInfo.node();
        boolean boundOk = true;
        boolean volumesFound = true;
        // As upstream, the first bound claim with a problem decides the bound-claims reason.
        for (PersistentVolumeClaim claim : state.claims().bound()) {
            PersistentVolume pv = listers.volume(VolumeObjects.volumeName(claim));
            if (pv == null) {
                volumesFound = false;
                break;
            }
            if (!VolumeObjects.nodeAffinityMatches(pv, node)) {
                boundOk = false;
                break;
            }
        }
        List<StaticBinding> statics = new ArrayList<>();
        List<PersistentVolumeClaim> provisions = new ArrayList<>();
        boolean unboundOk = true;
        if (!state.claims().toBind().isEmpty()) {
            List<PersistentVolume> volumes = listers.volumes();
            Set<String> chosen = new HashSet<>();
            for (PersistentVolumeClaim claim : state.claims().toBind()) {
                String claimKey = VolumeObjects.key(claim);
                PersistentVolume pv = VolumeMatcher.find(claim, volumes, node, chosen,
                        v -> takenByOther(v, claimKey));
                if (pv != null) {
                    chosen.add(pv.getMetadata().getName());
                    statics.add(new StaticBinding(pv, claim));
                } else if (VolumeMatcher.canProvision(listers.storageClass(VolumeObjects.claimClass(claim)), node)) {
                    provisions.add(claim);
                } else {
                    unboundOk = false;
                }
            }
        }
        List<String> reasons = new ArrayList<>();
        if (!boundOk) {
            reasons.add(ERR_NODE_CONFLICT);
        }
        if (!unboundOk) {
            reasons.add(ERR_BIND_CONFLICT);
        }
        if (!volumesFound) {
            reasons.add(ERR_PV_NOT_EXIST);
        }
        if (!reasons.isEmpty()) {
            return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, reasons, "");
        }
        state.byNode().put(nodeInfo.name(), new PodBindings(statics, provisions));
        return Status.success();
    }

    @Override
    public Status reserve(CycleState cycle, Pod pod, String nodeName) {
        PodBindings bindings = bindings(cycle, nodeName);
        List<StaticBinding> done = new ArrayList<>();
        for (StaticBinding b : bindings.statics()) {
            String claimKey = VolumeObjects.key(b.claim());
            String previous = assumed.putIfAbsent(b.volumeName(), claimKey);
            if (previous != null && !previous.equals(claimKey)) {
                done.forEach(d -> assumed.remove(d.volumeName(), VolumeObjects.key(d.claim())));
                return Status.error("persistentvolume \"" + b.volumeName() + "\" was assumed for claim " + previous);
            }
            done.add(b);
        }
        return Status.success();
    }

    @Override
    public void unreserve(CycleState cycle, Pod pod, String nodeName) {
        release(bindings(cycle, nodeName));
    }

    @Override
    public Status preBind(CycleState cycle, Pod pod, String nodeName) {
        PodBindings bindings = bindings(cycle, nodeName);
        if (bindings.isEmpty()) {
            return Status.success();
        }
        try {
            for (StaticBinding b : bindings.statics()) {
                writer.bind(b.volume(), b.claim());
            }
            for (PersistentVolumeClaim claim : bindings.provisions()) {
                writer.selectNode(claim, nodeName);
            }
        } catch (RuntimeException e) {
            return Status.error("binding volumes: " + e.getMessage());
        }
        // The volumes are claimed on the server now (writes carry resourceVersions, so a stale
        // choice by another pod fails there); the assumption is no longer needed.
        release(bindings);
        return Status.success();
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        List<ClusterEvent> events = new ArrayList<>(ClusterEvent.nodeEvents());
        for (String resource : List.of("PersistentVolumeClaim", "PersistentVolume", "StorageClass")) {
            events.add(new ClusterEvent(resource, ClusterEvent.Action.ADD));
            events.add(new ClusterEvent(resource, ClusterEvent.Action.UPDATE));
        }
        return List.copyOf(events);
    }

    /** Volume names currently assumed for reserved pods (for tests and inspection). */
    public Set<String> assumedVolumes() {
        return Set.copyOf(assumed.keySet());
    }

    private boolean takenByOther(PersistentVolume pv, String claimKey) {
        String owner = assumed.get(pv.getMetadata().getName());
        return owner != null && !owner.equals(claimKey);
    }

    private void release(PodBindings bindings) {
        for (StaticBinding b : bindings.statics()) {
            assumed.remove(b.volumeName(), VolumeObjects.key(b.claim()));
        }
    }

    private static PodBindings bindings(CycleState cycle, String nodeName) {
        if (!cycle.contains(STATE_KEY)) {
            return PodBindings.NONE;
        }
        PodBindings b = cycle.read(STATE_KEY, State.class).byNode().get(nodeName);
        return b == null ? PodBindings.NONE : b;
    }
}
