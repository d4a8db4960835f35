package io.kube4j.apiserver.openapi;

import java.util.Locale;

/**
 * Upstream's naming of tags and operation ids: group {@code rbac.authorization.k8s.io} version
 * {@code v1} is tag {@code rbacAuthorization_v1} and id part {@code RbacAuthorizationV1}; the core
 * group is {@code core}. Stateless and thread-safe.
 */
final class OperationNames {

    private OperationNames() {
    }

    /** {@code core_v1}, {@code apps_v1}, {@code coordination_v1}. */
    static String tag(String group, String version) {
        String camel = groupCamel(group);
        return Character.toLowerCase(camel.charAt(0)) + camel.substring(1) + "_" + version;
    }

    /** {@code CoreV1}, {@code AppsV1}, {@code StorageV1}. */
    static String groupVersion(String group, String version) {
        return groupCamel(group) + capitalize(version);
    }

    /** {@code status} to {@code Status}. */
    static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static String groupCamel(String group) {
        if (group.isEmpty()) {
            return "Core";
        }
        String trimmed = group.endsWith(".k8s.io") ? group.substring(0, group.length() - ".k8s.io".length()) : group;
        StringBuilder out = new StringBuilder();
        for (String part : trimmed.split("[.-]")) {
            out.append(capitalize(part));
        }
        return out.toString();
    }
}
