package io.kube4j.apiserver.patch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The merge rules of the built-in types: for a list field, identified by the model class that
 * declares it and its JSON name, upstream's {@code patchStrategy} / {@code patchMergeKey} struct
 * tags (used by the strategic merge patch) and its {@code x-kubernetes-list-type} /
 * {@code list-map-keys} (used by server-side apply); and the struct types upstream marks
 * {@code +structType=atomic}.
 *
 * <p>Fields not listed here have no strategy: the strategic merge patch replaces such a list and
 * server-side apply treats it as atomic, which is what upstream does for untagged lists. Immutable;
 * thread-safe.
 */
public final class PatchMetadata {

    /** How server-side apply treats a list ({@code x-kubernetes-list-type}). */
    public enum ListType { ATOMIC, SET, MAP }

    /**
     * One list field's rules.
     *
     * @param merge      whether the strategic merge patch merges the list (otherwise replaces it)
     * @param retainKeys whether the field carries upstream's {@code retainKeys} strategy
     * @param mergeKey   the SMP merge key of a list of objects; null for a primitive list
     * @param listType   the list's type for server-side apply
     * @param mapKeys    the list-map keys (for {@link ListType#MAP}), in upstream's order
     */
    public record FieldRule(boolean merge, boolean retainKeys, String mergeKey, ListType listType, List<String> mapKeys) {
        public FieldRule {
            mapKeys = List.copyOf(mapKeys);
        }
    }

    /** Values list-map keys take when an element omits them (upstream's defaulted key fields). */
    public static final Map<String, String> KEY_DEFAULTS = Map.of("protocol", "TCP");

    private static final Map<String, FieldRule> RULES = new HashMap<>();

    /** Struct types whose whole value is one field for server-side apply. */
    private static final Set<String> ATOMIC_STRUCTS = Set.of("LabelSelector", "LabelSelectorRequirement",
            "NodeSelector", "NodeSelectorTerm", "LocalObjectReference", "ObjectReference",
            "TypedLocalObjectReference", "TypedObjectReference", "SecretReference", "ConfigMapKeySelector",
            "SecretKeySelector", "ObjectFieldSelector", "ResourceFieldSelector", "TopologySelectorTerm",
            "VolumeNodeAffinity", "ClaimSource");

    static {
        // metav1.ObjectMeta
        set("ObjectMeta", "finalizers");
        map("ObjectMeta", "ownerReferences", "uid");
        // core/v1 pods
        for (String spec : List.of("PodSpec")) {
            retainMap(spec, "volumes", "name");
            map(spec, "initContainers", "name");
            map(spec, "containers", "name");
            map(spec, "ephemeralContainers", "name");
            map(spec, "imagePullSecrets", "name");
            map(spec, "hostAliases", "ip");
            map(spec, "schedulingGates", "name");
            retainMap(spec, "resourceClaims", "name");
            put(spec, "topologySpreadConstraints", new FieldRule(true, false, "topologyKey", ListType.MAP,
                    List.of("topologyKey", "whenUnsatisfiable")));
        }
        for (String c : List.of("Container", "EphemeralContainer")) {
            put(c, "ports", new FieldRule(true, false, "containerPort", ListType.MAP, List.of("containerPort", "protocol")));
            map(c, "env", "name");
            map(c, "volumeMounts", "mountPath");
            map(c, "volumeDevices", "devicePath");
        }
        map("ResourceRequirements", "claims", "name");
        map("PodStatus", "conditions", "type");
        map("PodStatus", "podIPs", "ip");
        map("PodStatus", "hostIPs", "ip");
        retainMap("PodStatus", "resourceClaimStatuses", "name");
        // services, nodes, namespaces, claims, service accounts, replication controllers
        put("ServiceSpec", "ports", new FieldRule(true, false, "port", ListType.MAP, List.of("port", "protocol")));
        map("ServiceStatus", "conditions", "type");
        set("NodeSpec", "podCIDRs");
        map("NodeStatus", "conditions", "type");
        map("NodeStatus", "addresses", "type");
        map("NamespaceStatus", "conditions", "type");
        map("PersistentVolumeClaimStatus", "conditions", "type");
        map("ServiceAccount", "secrets", "name");
        map("ReplicationControllerStatus", "conditions", "type");
        // apps/v1
        for (String s : List.of("DeploymentStatus", "ReplicaSetStatus", "StatefulSetStatus", "DaemonSetStatus")) {
            map(s, "conditions", "type");
        }
        // batch/v1: merged by type for patches, but atomic for apply, as upstream declares
        put("JobStatus", "conditions", new FieldRule(true, false, "type", ListType.ATOMIC, List.of()));
        // policy/v1
        map("PodDisruptionBudgetStatus", "conditions", "type");
    }

    /** Struct fields (not lists) carrying the {@code retainKeys} strategy. */
    private static final Set<String> RETAIN_KEY_STRUCTS = Set.of("DeploymentSpec.strategy");

    private PatchMetadata() {
    }

    private static void put(String owner, String field, FieldRule rule) {
        RULES.put(owner + "." + field, rule);
    }

    private static void map(String owner, String field, String key) {
        put(owner, field, new FieldRule(true, false, key, ListType.MAP, List.of(key)));
    }

    private static void retainMap(String owner, String field, String key) {
        put(owner, field, new FieldRule(true, true, key, ListType.MAP, List.of(key)));
    }

    private static void set(String owner, String field) {
        put(owner, field, new FieldRule(true, false, null, ListType.SET, List.of()));
    }

    /** The rule of list field {@code field} declared by {@code owner}, if it has one. */
    public static Optional<FieldRule> rule(Class<?> owner, String field) {
        return owner == null ? Optional.empty() : Optional.ofNullable(RULES.get(owner.getSimpleName() + "." + field));
    }

    /** Whether server-side apply treats every value of this struct type as one field. */
    public static boolean atomicStruct(Class<?> type) {
        return type != null && ATOMIC_STRUCTS.contains(type.getSimpleName());
    }

    /** Whether the struct field {@code owner.field} has upstream's {@code retainKeys} strategy. */
    public static boolean retainKeys(Class<?> owner, String field) {
        return owner != null && RETAIN_KEY_STRUCTS.contains(owner.getSimpleName() + "." + field);
    }
}
