package io.kube4j.apiserver.schema;

import java.util.Map;

/**
 * Merge semantics of the lists that matter most for apply and strategic merge patch, as upstream
 * declares them with {@code +listType}, {@code +listMapKey}, {@code patchMergeKey} and
 * {@code patchStrategy}. A small hand-kept table keyed by definition name and property; the full
 * merge-key table used by the patch engine lives elsewhere. Thread-safe.
 */
final class KnownListSemantics {

    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String APPS = "io.k8s.api.apps.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String MERGE = "merge";

    private static final Map<String, ListSemantics> LISTS = Map.ofEntries(
            Map.entry(CORE + "PodSpec.containers", ListSemantics.map(MERGE, "name")),
            Map.entry(CORE + "PodSpec.initContainers", ListSemantics.map(MERGE, "name")),
            Map.entry(CORE + "PodSpec.ephemeralContainers", ListSemantics.map(MERGE, "name")),
            Map.entry(CORE + "PodSpec.volumes", ListSemantics.map("merge,retainKeys", "name")),
            Map.entry(CORE + "PodSpec.imagePullSecrets", ListSemantics.map(MERGE, "name")),
            Map.entry(CORE + "PodSpec.hostAliases", ListSemantics.map(MERGE, "ip")),
            Map.entry(CORE + "PodSpec.topologySpreadConstraints",
                    ListSemantics.map(MERGE, "topologyKey", "whenUnsatisfiable")),
            Map.entry(CORE + "PodSpec.resourceClaims", ListSemantics.map("merge,retainKeys", "name")),
            Map.entry(CORE + "PodSpec.schedulingGates", ListSemantics.map(MERGE, "name")),
            Map.entry(CORE + "PodSpec.tolerations", ListSemantics.atomic()),
            Map.entry(CORE + "PodSpec.readinessGates", ListSemantics.atomic()),
            Map.entry(CORE + "Container.ports", ListSemantics.map(MERGE, "containerPort", "protocol")),
            Map.entry(CORE + "Container.env", ListSemantics.map(MERGE, "name")),
            Map.entry(CORE + "Container.volumeMounts", ListSemantics.map(MERGE, "mountPath")),
            Map.entry(CORE + "Container.volumeDevices", ListSemantics.map(MERGE, "devicePath")),
            Map.entry(CORE + "Container.envFrom", ListSemantics.atomic()),
            Map.entry(CORE + "Container.command", ListSemantics.atomic()),
            Map.entry(CORE + "Container.args", ListSemantics.atomic()),
            Map.entry(CORE + "Container.resizePolicy", ListSemantics.atomic()),
            Map.entry(CORE + "ServiceSpec.ports", ListSemantics.map(MERGE, "port", "protocol")),
            Map.entry(CORE + "ServiceSpec.clusterIPs", ListSemantics.atomic()),
            Map.entry(CORE + "ServiceSpec.externalIPs", ListSemantics.atomic()),
            Map.entry(CORE + "ServiceSpec.ipFamilies", ListSemantics.atomic()),
            Map.entry(CORE + "ServiceAccount.secrets", ListSemantics.map(MERGE, "name")),
            Map.entry(CORE + "PodStatus.conditions", ListSemantics.map(MERGE, "type")),
            Map.entry(CORE + "PodStatus.podIPs", ListSemantics.map(MERGE, "ip")),
            Map.entry(CORE + "PodStatus.containerStatuses", ListSemantics.atomic()),
            Map.entry(CORE + "NodeStatus.conditions", ListSemantics.map(MERGE, "type")),
            Map.entry(CORE + "NodeStatus.addresses", ListSemantics.map(MERGE, "type")),
            Map.entry(CORE + "NodeSpec.taints", ListSemantics.atomic()),
            Map.entry(CORE + "NodeSelector.nodeSelectorTerms", ListSemantics.atomic()),
            Map.entry(CORE + "Endpoints.subsets", ListSemantics.atomic()),
            Map.entry(CORE + "ReplicationControllerStatus.conditions", ListSemantics.map(MERGE, "type")),
            Map.entry(APPS + "DeploymentStatus.conditions", ListSemantics.map(MERGE, "type")),
            Map.entry(APPS + "ReplicaSetStatus.conditions", ListSemantics.map(MERGE, "type")),
            Map.entry(APPS + "StatefulSetStatus.conditions", ListSemantics.map(MERGE, "type")),
            Map.entry(APPS + "DaemonSetStatus.conditions", ListSemantics.map(MERGE, "type")),
            Map.entry(APPS + "StatefulSetSpec.volumeClaimTemplates", ListSemantics.atomic()),
            Map.entry("io.k8s.api.batch.v1.JobStatus.conditions",
                    new ListSemantics("atomic", null, "type", MERGE)),
            Map.entry("io.k8s.api.policy.v1.PodDisruptionBudgetStatus.conditions",
                    ListSemantics.map(MERGE, "type")),
            Map.entry("io.k8s.api.discovery.v1.EndpointSlice.endpoints", ListSemantics.atomic()),
            Map.entry("io.k8s.api.discovery.v1.EndpointSlice.ports", ListSemantics.atomic()),
            Map.entry(META + "ObjectMeta.finalizers", new ListSemantics("set", null, null, MERGE)),
            Map.entry(META + "ObjectMeta.ownerReferences", ListSemantics.map(MERGE, "uid")),
            Map.entry(META + "ObjectMeta.managedFields", ListSemantics.atomic()),
            Map.entry(META + "LabelSelector.matchExpressions", ListSemantics.atomic()));

    private KnownListSemantics() {
    }

    /** The semantics of {@code property} of {@code definitionName}, or null when not known. */
    static ListSemantics of(String definitionName, String property) {
        return LISTS.get(definitionName + "." + property);
    }
}
