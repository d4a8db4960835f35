package io.kube4j.apiserver.admission;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.Admission;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's Priority admission plugin for pod creates: resolves {@code spec.priorityClassName}
 * to {@code spec.priority} and {@code spec.preemptionPolicy}. A pod without a class name gets the
 * globalDefault class (its name, value and policy), or priority 0 and PreemptLowerPriority when no
 * class is the default. An unknown class, or a priority or policy given in the spec that differs
 * from the class's, is refused with 403 Forbidden. Updates are left to validation (the fields are
 * immutable). Thread-safe as long as the lookups are.
 */
public final class PriorityAdmission implements Admission {

    /** Upstream's value when no class name is given and no class is the global default. */
    static final int DEFAULT_PRIORITY = 0;
    static final String PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";

    private final Function<String, Optional<JsonNode>> byName;
    private final Supplier<List<JsonNode>> all;

    /**
     * @param byName a PriorityClass by name (read through to storage, so a class created just
     *               before the pod is seen), empty when there is none
     * @param all    every PriorityClass (the cache is enough to find the global default)
     */
    public PriorityAdmission(Function<String, Optional<JsonNode>> byName, Supplier<List<JsonNode>> all) {
        this.byName = byName;
        this.all = all;
    }

    @Override
    public void admit(ResourceType type, Operation operation, ObjectNode object, ObjectNode old, boolean dryRun) {
        if (operation != Operation.CREATE || !type.group().isEmpty() || !type.kind().equals("Pod")) {
            return;
        }
        ObjectNode spec = object.has("spec") && object.get("spec").isObject()
                ? (ObjectNode) object.get("spec") : object.putObject("spec");
        String className = spec.path("priorityClassName").asString("");
        String podName = object.path("metadata").path("name").asString("");
        long priority;
        String policy;
        if (className.isEmpty()) {
            JsonNode dflt = globalDefault();
            if (dflt == null) {
                priority = DEFAULT_PRIORITY;
                policy = PREEMPT_LOWER_PRIORITY;
            } else {
                spec.put("priorityClassName", dflt.path("metadata").path("name").asString());
                priority = dflt.path("value").asLong(0);
                policy = dflt.path("preemptionPolicy").asString(PREEMPT_LOWER_PRIORITY);
            }
        } else {
            JsonNode pc = byName.apply(className).orElseThrow(() -> forbidden(podName,
                    "no PriorityClass with name " + className + " was found"));
            priority = pc.path("value").asLong(0);
            policy = pc.path("preemptionPolicy").asString(PREEMPT_LOWER_PRIORITY);
        }
        JsonNode given = spec.get("priority");
        if (given != null && !given.isNull() && given.asLong() != priority) {
            throw forbidden(podName, "the integer value of priority (" + given.asLong()
                    + ") must not be provided in pod spec; priority admission controller computed " + priority
                    + " from the given PriorityClass name");
        }
        spec.put("priority", (int) priority);
        JsonNode givenPolicy = spec.get("preemptionPolicy");
        if (givenPolicy != null && !givenPolicy.isNull() && !givenPolicy.asString().equals(policy)) {
            throw forbidden(podName, "the string value of PreemptionPolicy (" + givenPolicy.asString()
                    + ") must not be provided in pod spec; priority admission controller computed " + policy
                    + " from the given PriorityClass name");
        }
        spec.put("preemptionPolicy", policy);
    }

    /** The globalDefault class; with several (a race upstream tolerates too) the lowest value wins. */
    private JsonNode globalDefault() {
        JsonNode best = null;
        for (JsonNode pc : all.get()) {
            if (pc.path("globalDefault").asBoolean(false)
                    && (best == null || pc.path("value").asLong() < best.path("value").asLong())) {
                best = pc;
            }
        }
        return best;
    }

    private static ApiException forbidden(String podName, String why) {
        return new ApiException.Forbidden("pods", "", podName, why);
    }
}
