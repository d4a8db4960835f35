package io.kube4j.apiserver.schema;

import java.util.Map;
import java.util.Set;

/**
 * Maps fabric8 model classes to upstream's OpenAPI definition names. fabric8 keeps core/v1 and
 * meta/v1 types in one Java package ({@code io.fabric8.kubernetes.api.model}), so the meta types
 * are listed explicitly; the other packages follow a rule ({@code ...model.batch.v1} to
 * {@code io.k8s.api.batch.v1}) with a few unversioned fabric8 packages mapped by hand.
 * Stateless and thread-safe.
 */
final class DefinitionNames {

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    /** Simple names of the fabric8 root-package classes that are meta/v1 types upstream. */
    private static final Set<String> META_TYPES = Set.of(
            "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition",
            "CreateOptions", "DeleteOptions", "Duration", "FieldSelectorRequirement", "FieldsV1", "GetOptions",
            "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ListOptions",
            "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference", "PartialObjectMetadata",
            "PartialObjectMetadataList", "Patch", "PatchOptions", "Preconditions", "RootPaths",
            "ServerAddressByClientCIDR", "Status", "StatusCause", "StatusDetails", "Table",
            "TableColumnDefinition", "TableRow", "Time", "TypeMeta", "UpdateOptions", "WatchEvent");

    /** Root-package classes that live in other apimachinery packages upstream. */
    private static final Map<String, String> APIMACHINERY = Map.of(
            "IntOrString", "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
            "Quantity", "io.k8s.apimachinery.pkg.api.resource.Quantity");

    /** fabric8 packages without a version segment, and the upstream package they hold. */
    private static final Map<String, String> UNVERSIONED = Map.of(
            "apps", "io.k8s.api.apps.v1",
            "storage", "io.k8s.api.storage.v1",
            "runtime", "io.k8s.apimachinery.pkg.runtime",
            "version", "io.k8s.apimachinery.pkg.version");

    private DefinitionNames() {
    }

    /** The upstream name of a meta/v1 type, e.g. {@code meta("Time")}. */
    static String meta(String simpleName) {
        return META + simpleName;
    }

    /** The upstream definition name of {@code type}. */
    static String of(Class<?> type) {
        String simple = type.getSimpleName();
        String pkg = type.getPackageName();
        if (pkg.equals(FABRIC8)) {
            if (META_TYPES.contains(simple)) {
                return META + simple;
            }
            String special = APIMACHINERY.get(simple);
            return special != null ? special : "io.k8s.api.core.v1." + simple;
        }
        if (pkg.startsWith(FABRIC8 + ".")) {
            String rest = pkg.substring(FABRIC8.length() + 1);
            String mapped = UNVERSIONED.get(rest);
            if (mapped != null) {
                return mapped + "." + simple;
            }
            return "io.k8s.api." + rest + "." + simple;
        }
        // Not a fabric8 model class: keep it unique and recognisable.
        return type.getName();
    }
}
