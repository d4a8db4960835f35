package io.kube4j.controllers.namespace;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kube4j.controllers.garbagecollector.DynamicClient;
import io.kube4j.controllers.garbagecollector.ResourceType;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes everything in one namespace, as upstream's namespacedResourcesDeleter: every namespaced
 * resource that can be listed and deleted is listed, each object not already being deleted is
 * deleted in the background, and what is left is counted (by resource and by finalizer) along
 * with how long terminating pods may still take. Thread-safe (stateless beyond its client).
 */
final class NamespaceContentDeleter {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceContentDeleter.class);
    private static final Api.Deletion BACKGROUND = Api.Deletion.DEFAULT.withPropagation("Background");

    private final DynamicClient client;
    private final InstantSource clock;

    NamespaceContentDeleter(DynamicClient client, InstantSource clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The resources a namespace deletion must empty. */
    static List<ResourceType> deletable(List<ResourceType> resources) {
        return resources.stream().filter(r -> r.namespaced() && r.supports("delete", "list")).toList();
    }

    /** Deletes the content of {@code namespace} of the given resources and reports what remains. */
    ContentReport deleteAll(String namespace, List<ResourceType> resources) {
        Map<String, Integer> remaining = new TreeMap<>();
        Map<String, Integer> finalizers = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long estimate = 0;
        for (ResourceType type : resources) {
            try {
                List<GenericKubernetesResource> items = client.list(type, namespace);
                if (items.isEmpty()) {
                    continue;
                }
                for (GenericKubernetesResource item : items) {
                    if (item.getMetadata().getDeletionTimestamp() == null) {
                        deleteOne(type, namespace, item);
                    }
                }
                List<GenericKubernetesResource> left = client.list(type, namespace);
                if (!left.isEmpty()) {
                    remaining.put(type.groupResource(), left.size());
                }
                for (GenericKubernetesResource item : left) {
                    List<String> own = item.getMetadata().getFinalizers();
                    (own == null ? List.<String>of() : own).forEach(f -> finalizers.merge(f, 1, Integer::sum));
                    if (type.group().isEmpty() && type.kind().equals("Pod")) {
                        estimate = Math.max(estimate, terminationEstimate(item));
                    }
                }
            } catch (RuntimeException e) {
                LOG.info("namespace {}: deleting {} failed: {}", namespace, type.groupResource(), e.toString());
                failures.add(type.groupResource() + ": " + e.getMessage());
            }
        }
        return new ContentReport(remaining, finalizers, failures, estimate);
    }

    private void deleteOne(ResourceType type, String namespace, GenericKubernetesResource item) {
        try {
            client.delete(type, namespace, item.getMetadata().getName(),
                    BACKGROUND);
        } catch (RuntimeException e) {
            if (!ApiErrors.notFound(e)) {
                throw e;
            }
        }
    }

    /** Seconds until a pod's graceful deletion is due (or its grace period when it is not being deleted yet). */
    private long terminationEstimate(GenericKubernetesResource pod) {
        String at = pod.getMetadata().getDeletionTimestamp();
        if (at != null) {
            try {
                return Math.max(0, Duration.between(clock.instant(), Instant.parse(at)).toSeconds());
            } catch (DateTimeParseException e) {
                return 0;
            }
        }
        Object spec = pod.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> m && m.get("terminationGracePeriodSeconds") instanceof Number n) {
            return n.longValue();
        }
        return 30;
    }
}
