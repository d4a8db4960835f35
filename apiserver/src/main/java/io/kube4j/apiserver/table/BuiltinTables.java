package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.registry.TableConvertor;

/**
 * Upstream's table columns for each built-in resource, by group and kind. Kinds upstream prints
 * with its default table (name and creation time), such as LimitRange, get null here so the
 * caller uses its default. Thread-safe.
 */
public final class BuiltinTables {

    private BuiltinTables() {
    }

    /** The convertor for {@code kind} in {@code group}, or null for the default (name, age). */
    public static TableConvertor<? extends HasMetadata> forKind(String group, String kind) {
        return switch (group + "/" + kind) {
            case "/Namespace" -> new NamespaceTable();
            case "/Pod" -> new PodTable();
            case "/Service" -> new ServiceTable();
            case "/Endpoints" -> new EndpointsTable();
            case "/ConfigMap" -> new ConfigMapTable();
            case "/Secret" -> new SecretTable();
            case "/ServiceAccount" -> new ServiceAccountTable();
            case "/Node" -> new NodeTable();
            case "/Event" -> new EventTable();
            case "/PersistentVolume" -> new PersistentVolumeTable();
            case "/PersistentVolumeClaim" -> new PersistentVolumeClaimTable();
            case "/ResourceQuota" -> new ResourceQuotaTable();
            case "/PodTemplate" -> new PodTemplateTable();
            case "/ReplicationController" -> new ReplicationControllerTable();
            case "apps/Deployment" -> new DeploymentTable();
            case "apps/ReplicaSet" -> new ReplicaSetTable();
            case "apps/StatefulSet" -> new StatefulSetTable();
            case "apps/DaemonSet" -> new DaemonSetTable();
            case "apps/ControllerRevision" -> new ControllerRevisionTable();
            case "batch/Job" -> new JobTable();
            case "batch/CronJob" -> new CronJobTable();
            case "coordination.k8s.io/Lease" -> new LeaseTable();
            case "discovery.k8s.io/EndpointSlice" -> new EndpointSliceTable();
            case "events.k8s.io/Event" -> new EventsV1EventTable();
            case "policy/PodDisruptionBudget" -> new PodDisruptionBudgetTable();
            case "scheduling.k8s.io/PriorityClass" -> new PriorityClassTable();
            case "storage.k8s.io/StorageClass" -> new StorageClassTable();
            default -> null;
        };
    }
}
