package io.kube4j.apiserver.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.resources.core.ConfigMapStrategy;
import io.kube4j.apiserver.resources.core.EndpointsStrategy;
import io.kube4j.apiserver.resources.core.EventStrategy;
import io.kube4j.apiserver.resources.core.LimitRangeStrategy;
import io.kube4j.apiserver.resources.core.NamespaceStrategy;
import io.kube4j.apiserver.resources.core.NodeStrategy;
import io.kube4j.apiserver.resources.core.PersistentVolumeClaimStrategy;
import io.kube4j.apiserver.resources.core.PersistentVolumeStrategy;
import io.kube4j.apiserver.resources.core.PodStrategy;
import io.kube4j.apiserver.resources.core.PodTemplateStrategy;
import io.kube4j.apiserver.resources.core.ReplicationControllerStrategy;
import io.kube4j.apiserver.resources.core.ResourceQuotaStrategy;
import io.kube4j.apiserver.resources.core.SecretStrategy;
import io.kube4j.apiserver.resources.core.ServiceAccountStrategy;
import io.kube4j.apiserver.resources.core.ServiceStrategy;

/**
 * The strategy of each built-in resource, by group and kind. A kind without its own strategy
 * class gets {@link #GENERIC}, which accepts what the generic path accepts. Strategies are
 * stateless, so one instance per kind is shared. Thread-safe.
 */
public final class BuiltinStrategies {

    /** No extra hooks. */
    public static final ResourceStrategy<HasMetadata> GENERIC = new ResourceStrategy<>() {
    };

    private BuiltinStrategies() {
    }

    /** The strategy for {@code kind} in {@code group} (empty for core). Never null. */
    public static ResourceStrategy<? extends HasMetadata> forKind(String group, String kind) {
        return switch (group + "/" + kind) {
            case "/Namespace" -> new NamespaceStrategy();
            case "/Pod" -> new PodStrategy();
            case "/Service" -> new ServiceStrategy();
            case "/Endpoints" -> new EndpointsStrategy();
            case "/ConfigMap" -> new ConfigMapStrategy();
            case "/Secret" -> new SecretStrategy();
            case "/ServiceAccount" -> new ServiceAccountStrategy();
            case "/Node" -> new NodeStrategy();
            case "/Event" -> new EventStrategy();
            case "/PersistentVolume" -> new PersistentVolumeStrategy();
            case "/PersistentVolumeClaim" -> new PersistentVolumeClaimStrategy();
            case "/LimitRange" -> new LimitRangeStrategy();
            case "/ResourceQuota" -> new ResourceQuotaStrategy();
            case "apps/Deployment" -> new io.kube4j.apiserver.resources.apps.DeploymentStrategy();
            case "apps/ReplicaSet" -> new io.kube4j.apiserver.resources.apps.ReplicaSetStrategy();
            case "apps/StatefulSet" -> new io.kube4j.apiserver.resources.apps.StatefulSetStrategy();
            case "apps/DaemonSet" -> new io.kube4j.apiserver.resources.apps.DaemonSetStrategy();
            case "apps/ControllerRevision" -> new io.kube4j.apiserver.resources.apps.ControllerRevisionStrategy();
            case "batch/Job" -> new io.kube4j.apiserver.resources.batch.JobStrategy();
            case "batch/CronJob" -> new io.kube4j.apiserver.resources.batch.CronJobStrategy();
            case "coordination.k8s.io/Lease" -> new io.kube4j.apiserver.resources.other.LeaseStrategy();
            case "discovery.k8s.io/EndpointSlice" -> new io.kube4j.apiserver.resources.other.EndpointSliceStrategy();
            case "events.k8s.io/Event" -> new io.kube4j.apiserver.resources.other.EventStrategy();
            case "policy/PodDisruptionBudget" -> new io.kube4j.apiserver.resources.other.PodDisruptionBudgetStrategy();
            case "scheduling.k8s.io/PriorityClass" -> new io.kube4j.apiserver.resources.other.PriorityClassStrategy();
            case "storage.k8s.io/StorageClass" -> new io.kube4j.apiserver.resources.other.StorageClassStrategy();
            case "/PodTemplate" -> new PodTemplateStrategy();
            case "/ReplicationController" -> new ReplicationControllerStrategy();
            default -> GENERIC;
        };
    }
}
