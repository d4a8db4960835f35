package io.kube4j.scheduler.config;

import io.kube4j.scheduler.framework.Plugin;
import io.kube4j.scheduler.preemption.DefaultPreemption;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * DefaultPreemptionArgs: {@code minCandidateNodesPercentage} (default 10, 0..100) and
 * {@code minCandidateNodesAbsolute} (default 100, not negative; not both zero). Stateless.
 */
final class PreemptionArgs {

    private PreemptionArgs() {
    }

    static Plugin defaultPreemption(JsonNode args, PluginContext ctx) {
        List<String> errors = new ArrayList<>();
        int pct = intField(args, "minCandidateNodesPercentage", DefaultPreemption.DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE);
        int abs = intField(args, "minCandidateNodesAbsolute", DefaultPreemption.DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE);
        if (pct < 0 || pct > 100) {
            errors.add("minCandidateNodesPercentage: Invalid value: " + pct + ": not in valid range [0, 100]");
        }
        if (abs < 0) {
            errors.add("minCandidateNodesAbsolute: Invalid value: " + abs + ": not in valid range [0, inf)");
        }
        if (pct == 0 && abs == 0) {
            errors.add("minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as "
                    + "minCandidateNodesAbsolute");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new DefaultPreemption(pct, abs, RandomGenerator.getDefault());
    }

    private static int intField(JsonNode args, String name, int dflt) {
        JsonNode v = args == null ? null : args.get(name);
        return v == null || v.isNull() ? dflt : v.asInt();
    }
}
