package io.kube4j.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.fields.BuiltinFields;
import io.kube4j.apiserver.resources.BuiltinStrategies;
import io.kube4j.apiserver.table.BuiltinTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The resources this build serves, declared in one list: names, scope, subresources, model class
 * and storage prefix (upstream's etcd layout). Strategies, tables and field sets are looked up by
 * group and kind in their own packages, so adding a resource is one entry here plus its strategy
 * class. Thread-safe (immutable after class init).
 */
public final class BuiltinResources {

    private static final List<ResourceType> ALL = build();

    private BuiltinResources() {
    }

    /** Every served resource, in discovery order. */
    public static List<ResourceType> all() {
        return ALL;
    }

    private static List<ResourceType> build() {
        List<ResourceType> r = new ArrayList<>();
        String core = "";
        // core/v1
        r.add(cluster(core, "v1", "Namespace", "namespaces", io.fabric8.kubernetes.api.model.Namespace.class,
                "/registry/namespaces/", List.of("ns"), List.of(), Set.of("status", "finalize")));
        r.add(ns(core, "v1", "Pod", "pods", io.fabric8.kubernetes.api.model.Pod.class,
                "/registry/pods/", List.of("po"), List.of("all"), Set.of("status", "binding", "eviction", "log", "exec", "attach", "portforward", "proxy")));
        r.add(ns(core, "v1", "Service", "services", io.fabric8.kubernetes.api.model.Service.class,
                "/registry/services/specs/", List.of("svc"), List.of("all"), Set.of("status", "proxy")));
        r.add(ns(core, "v1", "Endpoints", "endpoints", io.fabric8.kubernetes.api.model.Endpoints.class,
                "/registry/services/endpoints/", List.of("ep"), List.of(), Set.of()));
        r.add(ns(core, "v1", "ConfigMap", "configmaps", io.fabric8.kubernetes.api.model.ConfigMap.class,
                "/registry/configmaps/", List.of("cm"), List.of(), Set.of()));
        r.add(ns(core, "v1", "Secret", "secrets", io.fabric8.kubernetes.api.model.Secret.class,
                "/registry/secrets/", List.of(), List.of(), Set.of()));
        r.add(ns(core, "v1", "ServiceAccount", "serviceaccounts", io.fabric8.kubernetes.api.model.ServiceAccount.class,
                "/registry/serviceaccounts/", List.of("sa"), List.of(), Set.of("token")));
        r.add(cluster(core, "v1", "Node", "nodes", io.fabric8.kubernetes.api.model.Node.class,
                "/registry/minions/", List.of("no"), List.of(), Set.of("status", "proxy")));
        r.add(ns(core, "v1", "Event", "events", io.fabric8.kubernetes.api.model.Event.class,
                "/registry/events/", List.of("ev"), List.of(), Set.of()));
        r.add(cluster(core, "v1", "PersistentVolume", "persistentvolumes",
                io.fabric8.kubernetes.api.model.PersistentVolume.class,
                "/registry/persistentvolumes/", List.of("pv"), List.of(), Set.of("status")));
        r.add(ns(core, "v1", "PersistentVolumeClaim", "persistentvolumeclaims",
                io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
                "/registry/persistentvolumeclaims/", List.of("pvc"), List.of(), Set.of("status")));
        r.add(ns(core, "v1", "LimitRange", "limitranges", io.fabric8.kubernetes.api.model.LimitRange.class,
                "/registry/limitranges/", List.of("limits"), List.of(), Set.of()));
        r.add(ns(core, "v1", "ResourceQuota", "resourcequotas", io.fabric8.kubernetes.api.model.ResourceQuota.class,
                "/registry/resourcequotas/", List.of("quota"), List.of(), Set.of("status")));
        r.add(ns(core, "v1", "PodTemplate", "podtemplates", io.fabric8.kubernetes.api.model.PodTemplate.class,
                "/registry/podtemplates/", List.of(), List.of(), Set.of()));
        r.add(ns(core, "v1", "ReplicationController", "replicationcontrollers",
                io.fabric8.kubernetes.api.model.ReplicationController.class,
                "/registry/controllers/", List.of("rc"), List.of("all"), Set.of("status", "scale")));
        // apps/v1
        r.add(ns("apps", "v1", "Deployment", "deployments", io.fabric8.kubernetes.api.model.apps.Deployment.class,
                "/registry/deployments/", List.of("deploy"), List.of("all"), Set.of("status", "scale")));
        r.add(ns("apps", "v1", "ReplicaSet", "replicasets", io.fabric8.kubernetes.api.model.apps.ReplicaSet.class,
                "/registry/replicasets/", List.of("rs"), List.of("all"), Set.of("status", "scale")));
        r.add(ns("apps", "v1", "StatefulSet", "statefulsets", io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
                "/registry/statefulsets/", List.of("sts"), List.of("all"), Set.of("status", "scale")));
        r.add(ns("apps", "v1", "DaemonSet", "daemonsets", io.fabric8.kubernetes.api.model.apps.DaemonSet.class,
                "/registry/daemonsets/", List.of("ds"), List.of("all"), Set.of("status")));
        r.add(ns("apps", "v1", "ControllerRevision", "controllerrevisions",
                io.fabric8.kubernetes.api.model.apps.ControllerRevision.class,
                "/registry/controllerrevisions/", List.of(), List.of(), Set.of()));
        // batch/v1
        r.add(ns("batch", "v1", "Job", "jobs", io.fabric8.kubernetes.api.model.batch.v1.Job.class,
                "/registry/jobs/", List.of(), List.of("all"), Set.of("status")));
        r.add(ns("batch", "v1", "CronJob", "cronjobs", io.fabric8.kubernetes.api.model.batch.v1.CronJob.class,
                "/registry/cronjobs/", List.of("cj"), List.of("all"), Set.of("status")));
        // the other groups
        r.add(ns("coordination.k8s.io", "v1", "Lease", "leases",
                io.fabric8.kubernetes.api.model.coordination.v1.Lease.class,
                "/registry/leases/", List.of(), List.of(), Set.of()));
        r.add(ns("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices",
                io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class,
                "/registry/endpointslices/", List.of(), List.of(), Set.of()));
        // events.k8s.io/v1 is another view of the core events: stored with them, as core v1 Events
        // (conversion.StorageForm).
        r.add(ns("events.k8s.io", "v1", "Event", "events", io.fabric8.kubernetes.api.model.events.v1.Event.class,
                "/registry/events/", List.of("ev"), List.of(), Set.of()));
        r.add(ns("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets",
                io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class,
                "/registry/poddisruptionbudgets/", List.of("pdb"), List.of(), Set.of("status")));
        r.add(cluster("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses",
                io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass.class,
                "/registry/priorityclasses/", List.of("pc"), List.of(), Set.of()));
        r.add(cluster("storage.k8s.io", "v1", "StorageClass", "storageclasses",
                io.fabric8.kubernetes.api.model.storage.StorageClass.class,
                "/registry/storageclasses/", List.of("sc"), List.of(), Set.of()));
        return List.copyOf(r);
    }

    private static ResourceType ns(String group, String version, String kind, String plural,
            Class<? extends HasMetadata> type, String prefix, List<String> shortNames, List<String> categories,
            Set<String> subresources) {
        return make(group, version, kind, plural, true, type, prefix, shortNames, categories, subresources);
    }

    private static ResourceType cluster(String group, String version, String kind, String plural,
            Class<? extends HasMetadata> type, String prefix, List<String> shortNames, List<String> categories,
            Set<String> subresources) {
        return make(group, version, kind, plural, false, type, prefix, shortNames, categories, subresources);
    }

    private static ResourceType make(String group, String version, String kind, String plural, boolean namespaced,
            Class<? extends HasMetadata> type, String prefix, List<String> shortNames, List<String> categories,
            Set<String> subresources) {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(java.util.Locale.ROOT), namespaced,
                shortNames, categories, subresources, type, prefix,
                BuiltinStrategies.forKind(group, kind), BuiltinTables.forKind(group, kind),
                BuiltinFields.forKind(group, kind));
    }
}
