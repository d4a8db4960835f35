package io.kube4j.apiserver.http;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.resources.apps.Selectors;
import io.kube4j.apiserver.rest.DeleteOptionsValues;
import io.kube4j.apiserver.rest.WriteOptions;
import io.kube4j.apiserver.storage.StorageCodec;
import io.kube4j.apiserver.watch.CachedObject;
import io.kube4j.apiserver.watch.WatchFilter;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST pods/NAME/eviction}: deletes a pod unless that would break its PodDisruptionBudget,
 * as upstream's eviction REST does. Pods that are not running (Pending, Succeeded, Failed) or
 * already being deleted go at once; a pod no budget selects goes at once; a pod that more than one
 * budget selects is a 500; otherwise the budget's {@code status.disruptionsAllowed} is spent
 * (decremented, and the pod recorded in {@code status.disruptedPods}) in a conditional write of
 * the budget before the pod is deleted, so that two concurrent evictions cannot both spend the
 * last allowed disruption. A budget with no disruption left, or whose status is older than its
 * spec, gives 429 with a {@code DisruptionBudget} cause. Thread-safe.
 */
final class PodEviction {

    private static final String REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

    private final Resource budgets;
    private final Clock clock;

    PodEviction(Resource budgets, Clock clock) {
        this.budgets = budgets;
        this.clock = clock;
    }

    void evict(Call call) {
        ObjectNode eviction = Bodies.object(call.request());
        String ns = call.info().namespace();
        String name = call.info().name();
        String given = eviction.path("metadata").path("name").asString("");
        if (!given.isEmpty() && !given.equals(name)) {
            throw new ApiException.BadRequest("name in URL does not match name in Eviction object");
        }
        JsonNode options = eviction.path("deleteOptions");
        DeleteOptionsValues delete = options.isObject()
                ? WriteVerbs.deleteOptions(options, call.deleteOptionsFromQuery()) : call.deleteOptionsFromQuery();
        ObjectNode pod = call.resource().store().get(ns, name);
        if (!ignoresBudgets(pod)) {
            spendBudget(call, ns, pod, delete.dryRun());
        }
        call.resource().store().delete(ns, name, delete);
    }

    /** Upstream's canIgnorePDB: pods that are not running, or are already going. */
    private static boolean ignoresBudgets(ObjectNode pod) {
        String phase = pod.path("status").path("phase").asString("");
        return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending")
                || pod.path("metadata").has("deletionTimestamp");
    }

    private void spendBudget(Call call, String ns, ObjectNode pod, boolean dryRun) {
        Map<String, String> labels = new HashMap<>();
        pod.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        budgets.cache().waitFor(budgets.storeRevision(), ReadVerbs.FRESHNESS_WAIT);
        List<CachedObject> all = budgets.cache().list(new WatchFilter(ns, o -> true)).items();
        List<ObjectNode> selecting = all.stream()
                .map(o -> (ObjectNode) KubeJson.json().readTree(o.json()))
                .filter(b -> selects(b, labels))
                .toList();
        if (selecting.isEmpty()) {
            return;
        }
        if (selecting.size() > 1) {
            throw new ApiException.InternalError(
                    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }
        ObjectNode budget = selecting.getFirst();
        String budgetName = budget.path("metadata").path("name").asString();
        if (!ready(pod)) {
            String policy = budget.path("spec").path("unhealthyPodEvictionPolicy").asString("IfHealthyBudget");
            JsonNode status = budget.path("status");
            if (policy.equals("AlwaysAllow")
                    || status.path("currentHealthy").asInt(0) >= status.path("desiredHealthy").asInt(0)
                            && status.path("observedGeneration").asLong(0) >= budget.path("metadata").path("generation").asLong(0)) {
                return; // an unhealthy pod may go without spending the budget
            }
        }
        budgets.store().update(ns, budgetName, current -> {
            check(current);
            ObjectNode status = (ObjectNode) current.get("status");
            status.put("disruptionsAllowed", status.path("disruptionsAllowed").asInt() - 1);
            ObjectNode disrupted = status.get("disruptedPods") instanceof ObjectNode d ? d : status.putObject("disruptedPods");
            disrupted.put(pod.path("metadata").path("name").asString(),
                    DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
            StorageCodec.metadata(current).remove("resourceVersion");
            return current;
        }, "status", false, dryRun ? new WriteOptions(true, "", WriteOptions.FieldValidation.IGNORE, call.user())
                : WriteOptions.DEFAULT);
    }

    /** Refuses the eviction unless the budget's status is current and allows a disruption. */
    private static void check(ObjectNode budget) {
        String name = budget.path("metadata").path("name").asString();
        JsonNode status = budget.path("status");
        if (status.path("observedGeneration").asLong(0) < budget.path("metadata").path("generation").asLong(0)
                || !status.isObject()) {
            throw refused("The disruption budget " + name + " is still being processed by the server.");
        }
        if (status.path("disruptionsAllowed").asInt(0) <= 0) {
            throw refused("The disruption budget " + name + " needs " + status.path("desiredHealthy").asInt(0)
                    + " healthy pods and has " + status.path("currentHealthy").asInt(0) + " currently");
        }
    }

    private static ApiException refused(String cause) {
        return new ApiException.TooManyRequests(REFUSED, 0,
                new StatusCauseBuilder().withReason("DisruptionBudget").withMessage(cause).build());
    }

    private static boolean selects(ObjectNode budget, Map<String, String> labels) {
        JsonNode selector = budget.path("spec").path("selector");
        if (!selector.isObject()) {
            return false; // policy/v1: a budget without a selector selects nothing
        }
        return Selectors.matches(KubeJson.json().treeToValue(selector, LabelSelector.class), labels);
    }

    private static boolean ready(ObjectNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asString("").equals("Ready")) {
                return c.path("status").asString("").equals("True");
            }
        }
        return false;
    }
}
