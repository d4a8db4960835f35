package io.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which pods an Indexed Job deletes and which indexes it creates pods for (upstream's
 * indexed_job_utils). Stateless.
 */
final class IndexedPods {

    private IndexedPods() {
    }

    /**
     * Active pods to delete: those without a valid index, of an index already succeeded, or a
     * second pod of one index; then more, by {@link JobPods#DELETE_FIRST}, until {@code atLeast}.
     */
    static List<Pod> excess(List<Pod> active, TreeSet<Integer> succeeded, int completions, int atLeast) {
        List<Pod> victims = new ArrayList<>();
        Map<Integer, Pod> keep = new HashMap<>();
        List<Pod> ordered = active.stream().sorted(JobPods.DELETE_FIRST.reversed()).toList();
        for (Pod p : ordered) {
            int i = JobPods.index(p);
            if (i < 0 || i >= completions || succeeded.contains(i) || keep.containsKey(i)) {
                victims.add(p);
            } else {
                keep.put(i, p);
            }
        }
        if (victims.size() < atLeast) {
            // the pods of the highest indexes go first, as upstream trims a shrinking parallelism
            keep.entrySet().stream().sorted(Map.Entry.<Integer, Pod>comparingByKey().reversed())
                    .limit(atLeast - victims.size()).forEach(e -> victims.add(e.getValue()));
        }
        return victims;
    }

    /**
     * Up to {@code max} of the lowest indexes that have neither succeeded nor an active pod (nor a
     * terminating one when only failed pods may be replaced).
     */
    static List<Integer> pending(List<Pod> pods, List<Pod> active, TreeSet<Integer> succeeded, int completions,
            boolean onlyFailed, int max) {
        Set<Integer> busy = new HashSet<>();
        active.forEach(p -> busy.add(JobPods.index(p)));
        if (onlyFailed) {
            pods.stream().filter(JobPods::terminating).forEach(p -> busy.add(JobPods.index(p)));
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < completions && out.size() < max; i++) {
            if (!succeeded.contains(i) && !busy.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }
}
