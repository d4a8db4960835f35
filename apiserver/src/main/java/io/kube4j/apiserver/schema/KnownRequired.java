package io.kube4j.apiserver.schema;

import java.util.List;
import java.util.Map;

/**
 * Required properties of the important types. fabric8's classes do not say which properties are
 * required, so this is a hand-kept table of upstream's required fields (fields without
 * {@code omitempty} that validation insists on). Types not listed have none. Thread-safe.
 */
final class KnownRequired {

    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String APPS = "io.k8s.api.apps.v1.";
    private static final String BATCH = "io.k8s.api.batch.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry(CORE + "PodSpec", List.of("containers")),
            Map.entry(CORE + "Container", List.of("name")),
            Map.entry(CORE + "EphemeralContainer", List.of("name")),
            Map.entry(CORE + "ContainerPort", List.of("containerPort")),
            Map.entry(CORE + "EnvVar", List.of("name")),
            Map.entry(CORE + "VolumeMount", List.of("name", "mountPath")),
            Map.entry(CORE + "VolumeDevice", List.of("name", "devicePath")),
            Map.entry(CORE + "Volume", List.of("name")),
            Map.entry(CORE + "KeyToPath", List.of("key", "path")),
            Map.entry(CORE + "ConfigMapKeySelector", List.of("key")),
            Map.entry(CORE + "SecretKeySelector", List.of("key")),
            Map.entry(CORE + "ObjectFieldSelector", List.of("fieldPath")),
            Map.entry(CORE + "ResourceFieldSelector", List.of("resource")),
            Map.entry(CORE + "HTTPGetAction", List.of("port")),
            Map.entry(CORE + "TCPSocketAction", List.of("port")),
            Map.entry(CORE + "HostPathVolumeSource", List.of("path")),
            Map.entry(CORE + "PersistentVolumeClaimVolumeSource", List.of("claimName")),
            Map.entry(CORE + "ServicePort", List.of("port")),
            Map.entry(CORE + "EndpointAddress", List.of("ip")),
            Map.entry(CORE + "EndpointPort", List.of("port")),
            Map.entry(CORE + "NodeSelector", List.of("nodeSelectorTerms")),
            Map.entry(CORE + "NodeSelectorRequirement", List.of("key", "operator")),
            Map.entry(CORE + "PreferredSchedulingTerm", List.of("weight", "preference")),
            Map.entry(CORE + "PodAffinityTerm", List.of("topologyKey")),
            Map.entry(CORE + "WeightedPodAffinityTerm", List.of("weight", "podAffinityTerm")),
            Map.entry(CORE + "TopologySpreadConstraint", List.of("maxSkew", "topologyKey", "whenUnsatisfiable")),
            Map.entry(CORE + "Taint", List.of("key", "effect")),
            Map.entry(CORE + "Sysctl", List.of("name", "value")),
            Map.entry(CORE + "LimitRangeSpec", List.of("limits")),
            Map.entry(CORE + "LimitRangeItem", List.of("type")),
            Map.entry(CORE + "PodCondition", List.of("type", "status")),
            Map.entry(CORE + "NodeCondition", List.of("type", "status")),
            Map.entry(CORE + "NodeAddress", List.of("type", "address")),
            Map.entry(CORE + "ContainerStatus", List.of("name", "ready", "restartCount", "image", "imageID")),
            Map.entry(CORE + "Binding", List.of("target")),
            Map.entry(CORE + "Event", List.of("metadata", "involvedObject")),
            Map.entry(APPS + "DeploymentSpec", List.of("selector", "template")),
            Map.entry(APPS + "ReplicaSetSpec", List.of("selector")),
            Map.entry(APPS + "StatefulSetSpec", List.of("selector", "template")),
            Map.entry(APPS + "DaemonSetSpec", List.of("selector", "template")),
            Map.entry(APPS + "ControllerRevision", List.of("revision")),
            Map.entry(APPS + "DeploymentCondition", List.of("type", "status")),
            Map.entry(BATCH + "JobSpec", List.of("template")),
            Map.entry(BATCH + "CronJobSpec", List.of("schedule", "jobTemplate")),
            Map.entry(BATCH + "JobCondition", List.of("type", "status")),
            Map.entry("io.k8s.api.discovery.v1.EndpointSlice", List.of("addressType", "endpoints")),
            Map.entry("io.k8s.api.discovery.v1.Endpoint", List.of("addresses")),
            Map.entry("io.k8s.api.events.v1.Event", List.of("eventTime")),
            Map.entry("io.k8s.api.scheduling.v1.PriorityClass", List.of("value")),
            Map.entry("io.k8s.api.storage.v1.StorageClass", List.of("provisioner")),
            Map.entry(META + "LabelSelectorRequirement", List.of("key", "operator")),
            Map.entry(META + "OwnerReference", List.of("apiVersion", "kind", "name", "uid")),
            Map.entry(META + "Condition", List.of("type", "status", "lastTransitionTime", "reason", "message")),
            Map.entry(META + "APIResource", List.of("name", "singularName", "namespaced", "kind", "verbs")),
            Map.entry(META + "APIResourceList", List.of("groupVersion", "resources")),
            Map.entry(META + "WatchEvent", List.of("type", "object")));

    private KnownRequired() {
    }

    /** The required properties of {@code definitionName}, possibly empty. */
    static List<String> of(String definitionName) {
        return REQUIRED.getOrDefault(definitionName, List.of());
    }
}
