package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Which container of a pod a log, exec or attach request means, with upstream's rules and words:
 * none named and one container: that one; none named and several: 400 naming the choices (and the
 * init containers); a name the pod does not have (among containers, init and ephemeral
 * containers): 400. Stateless.
 */
public final class PodContainers {

    private PodContainers() {}

    /**
     * The container's name.
     *
     * @param requested the {@code container} query parameter, or null/empty
     * @throws ApiException.BadRequest as upstream
     */
    public static String resolve(JsonNode pod, String requested) {
        String podName = pod.path("metadata").path("name").asString("");
        JsonNode spec = pod.path("spec");
        List<String> containers = names(spec.path("containers"));
        if (requested == null || requested.isEmpty()) {
            if (containers.size() == 1) {
                return containers.getFirst();
            }
            if (containers.isEmpty()) {
                throw new ApiException.BadRequest("a container name must be specified for pod " + podName);
            }
            String message = "a container name must be specified for pod " + podName + ", choose one of: ["
                    + String.join(" ", containers) + "]";
            List<String> init = names(spec.path("initContainers"));
            if (!init.isEmpty()) {
                message += " or one of the init containers: [" + String.join(" ", init) + "]";
            }
            throw new ApiException.BadRequest(message);
        }
        List<String> all = new ArrayList<>(containers);
        all.addAll(names(spec.path("initContainers")));
        all.addAll(names(spec.path("ephemeralContainers")));
        if (!all.contains(requested)) {
            throw new ApiException.BadRequest("container " + requested + " is not valid for pod " + podName);
        }
        return requested;
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : list) {
            names.add(c.path("name").asString(""));
        }
        return names;
    }
}
