package io.kube4j.controllers.garbagecollector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a discovery round found: the resources of every group-version that answered, and the
 * group-versions that failed with why (upstream's partial ErrGroupDiscoveryFailed). Immutable.
 */
public record Discovery(List<ResourceType> resources, Map<String, String> failedGroupVersions) {

    public Discovery {
        resources = List.copyOf(resources);
        failedGroupVersions = Map.copyOf(failedGroupVersions);
    }

    /** The served resource of {@code kind} in the group of {@code apiVersion}: its exact version first, else any. */
    public Optional<ResourceType> resolve(String apiVersion, String kind) {
        String group = ResourceType.groupOf(apiVersion);
        Optional<ResourceType> exact = resources.stream()
                .filter(r -> r.apiVersion().equals(apiVersion) && r.kind().equals(kind)).findFirst();
        return exact.isPresent() ? exact
                : resources.stream().filter(r -> r.group().equals(group) && r.kind().equals(kind)).findFirst();
    }
}
