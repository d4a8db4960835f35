package io.kube4j.apiserver.admission;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.rest.ResourceStore;
import io.kube4j.apiserver.rest.WriteOptions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two built-in PriorityClasses every cluster has from startup, as upstream's apiserver
 * creates them: {@code system-node-critical} (2000001000) and {@code system-cluster-critical}
 * (2000000000), neither the global default. Idempotent; thread-safe.
 */
public final class SystemPriorityClasses {

    private static final Logger LOG = LoggerFactory.getLogger(SystemPriorityClasses.class);

    /** The built-in class names and values. */
    public static final Map<String, Integer> CLASSES = Map.of(
            "system-node-critical", 2_000_001_000,
            "system-cluster-critical", 2_000_000_000);
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "system-node-critical", "For critical system pods that must stay on the node they run on.",
            "system-cluster-critical", "For critical system pods that must run, possibly after moving to another node.");

    private SystemPriorityClasses() {
    }

    /** Creates each built-in class in {@code priorityClasses} where missing. */
    public static void ensure(ResourceStore priorityClasses) {
        CLASSES.forEach((name, value) -> {
            ObjectNode pc = KubeJson.json().createObjectNode();
            pc.put("apiVersion", "scheduling.k8s.io/v1").put("kind", "PriorityClass")
                    .putObject("metadata").put("name", name);
            pc.put("value", value).put("globalDefault", false).put("description", DESCRIPTIONS.get(name));
            try {
                priorityClasses.create(null, pc, WriteOptions.DEFAULT);
            } catch (ApiException.AlreadyExists exists) {
                // created by an earlier start
            } catch (ApiException e) {
                LOG.warn("could not create PriorityClass {}: {}", name, e.getMessage());
            }
        });
    }
}
