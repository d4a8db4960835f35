package io.kube4j.controllers.garbagecollector;

import java.util.Set;

/**
 * One resource the apiserver serves, as discovery describes it (upstream's GroupVersionResource
 * with its kind, scope and verbs). Immutable.
 *
 * @param group      the API group, "" for the core group
 * @param version    the version served (the group's preferred one)
 * @param kind       the kind of its objects, e.g. {@code ConfigMap}
 * @param plural     the resource name in URLs, e.g. {@code configmaps}
 * @param namespaced whether its objects live in namespaces
 * @param verbs      the verbs the resource supports, e.g. {@code delete}, {@code list}, {@code watch}
 */
public record ResourceType(String group, String version, String kind, String plural, boolean namespaced, Set<String> verbs) {

    public ResourceType {
        verbs = Set.copyOf(verbs);
    }

    /** {@code v1} for the core group, else {@code group/version}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Whether every one of {@code wanted} is among the verbs. */
    public boolean supports(String... wanted) {
        for (String v : wanted) {
            if (!verbs.contains(v)) {
                return false;
            }
        }
        return true;
    }

    /** {@code plural} or {@code plural.group}, as upstream names a group-resource in messages. */
    public String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The URL path of the collection (in {@code namespace} when namespaced), without the server part. */
    public String collectionPath(String namespace) {
        StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
        if (namespaced && namespace != null && !namespace.isEmpty()) {
            path.append("/namespaces/").append(namespace);
        }
        return path.append('/').append(plural).toString();
    }

    /** The group of an apiVersion string ({@code ""} for {@code v1}). */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
