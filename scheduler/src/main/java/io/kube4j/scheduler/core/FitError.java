package io.kube4j.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod fits no node. Its message is upstream's FitError text, the one users see in the
 * PodScheduled condition and the FailedScheduling event:
 * {@code "0/5 nodes are available: 2 node(s) had untolerated taint {x: y}, 3 Insufficient cpu. preemption: ..."}
 * — a count per distinct reason, the "count reason" strings sorted as strings, joined with ", "
 * and ended with a period; a PreFilter rejection replaces the per-node reasons; the PostFilter
 * message (which ends with its own period) is appended after a space.
 */
public final class FitError extends Exception {

    private final transient Pod pod;
    private final int numAllNodes;
    private final Diagnosis diagnosis;

    public FitError(Pod pod, int numAllNodes, Diagnosis diagnosis) {
        super(null, null, false, false);
        this.pod = pod;
        this.numAllNodes = numAllNodes;
        this.diagnosis = diagnosis;
    }

    public Pod pod() {
        return pod;
    }

    public int numAllNodes() {
        return numAllNodes;
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }

    /** The same error with a PostFilter message (e.g. from preemption). */
    public FitError withPostFilterMsg(String msg) {
        return new FitError(pod, numAllNodes, diagnosis.withPostFilterMsg(msg));
    }

    @Override
    public String getMessage() {
        StringBuilder msg = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        if (!diagnosis.preFilterMsg().isEmpty()) {
            msg.append(' ').append(diagnosis.preFilterMsg()).append('.');
        } else {
            List<String> histogram = reasonHistogram();
            if (!histogram.isEmpty()) {
                msg.append(' ').append(String.join(", ", histogram)).append('.');
            }
        }
        if (!diagnosis.postFilterMsg().isEmpty()) {
            // No period of our own here: the PostFilter message is a sentence that brings its own.
            msg.append(' ').append(diagnosis.postFilterMsg());
        }
        return msg.toString();
    }

    /** "count reason" per distinct reason, sorted as strings (so "10 x" sorts before "2 y", as upstream). */
    private List<String> reasonHistogram() {
        Map<String, Integer> counts = new HashMap<>();
        for (Status s : diagnosis.nodeToStatus().values()) {
            for (String r : s.reasons()) {
                counts.merge(r, 1, Integer::sum);
            }
        }
        int absent = numAllNodes - diagnosis.nodeToStatus().size();
        if (absent > 0 && diagnosis.absentNodesStatus() != null) {
            for (String r : diagnosis.absentNodesStatus().reasons()) {
                counts.merge(r, absent, Integer::sum);
            }
        }
        List<String> out = new ArrayList<>(counts.size());
        counts.forEach((reason, n) -> out.add(n + " " + reason));
        out.sort(null);
        return out;
    }
}
