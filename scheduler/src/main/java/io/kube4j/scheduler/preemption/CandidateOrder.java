package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Chooses among preemption candidates as upstream's pickOneNodeForPreemption: a node needing no
 * victim wins outright; otherwise the candidates are narrowed by, in turn, fewest PDB
 * violations, lowest highest-victim priority, smallest sum of victim priorities, fewest victims,
 * latest start time among the highest-priority victims, and the first remaining one wins.
 * Stateless.
 */
public final class CandidateOrder {

    private CandidateOrder() {
    }

    /** The chosen candidate, or null when there is none. */
    public static Candidate pick(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        for (Candidate c : candidates) {
            if (c.victims().pods().isEmpty()) {
                return c;
            }
        }
        List<ToLongFunction<Candidate>> scores = List.of(
                c -> -c.victims().numPdbViolations(),
                c -> -highestPriority(c),
                // Shifted so every term is positive, as upstream, keeping the order of plain sums.
                c -> -c.victims().pods().stream().mapToLong(p -> (long) Priorities.priorityOf(p) + Integer.MAX_VALUE + 1).sum(),
                c -> -c.victims().pods().size(),
                CandidateOrder::earliestStartOfHighest);
        List<Candidate> remaining = candidates;
        for (ToLongFunction<Candidate> score : scores) {
            remaining = best(remaining, score);
            if (remaining.size() == 1) {
                break;
            }
        }
        return remaining.getFirst();
    }

    private static List<Candidate> best(List<Candidate> candidates, ToLongFunction<Candidate> score) {
        long max = Long.MIN_VALUE;
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : candidates) {
            long s = score.applyAsLong(c);
            if (s > max) {
                max = s;
                out.clear();
            }
            if (s == max) {
                out.add(c);
            }
        }
        return out;
    }

    private static long highestPriority(Candidate c) {
        // Victims are sorted most important first.
        return Priorities.priorityOf(c.victims().pods().getFirst());
    }

    /** The earliest start among the victims with the highest priority, in epoch nanoseconds (capped). */
    private static long earliestStartOfHighest(Candidate c) {
        int highest = (int) highestPriority(c);
        Instant earliest = Instant.MAX;
        for (Pod p : c.victims().pods()) {
            if (Priorities.priorityOf(p) == highest) {
                Instant t = Priorities.startTime(p);
                if (t.isBefore(earliest)) {
                    earliest = t;
                }
            }
        }
        return earliest.equals(Instant.MAX) ? Long.MAX_VALUE
                : earliest.getEpochSecond() * 1_000_000_000L + earliest.getNano();
    }
}
