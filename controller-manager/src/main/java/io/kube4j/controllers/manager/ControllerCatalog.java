package io.kube4j.controllers.manager;

import io.kube4j.controllers.cronjob.CronJobController;
import io.kube4j.controllers.daemonset.DaemonSetController;
import io.kube4j.controllers.deployment.DeploymentController;
import io.kube4j.controllers.endpoints.EndpointSliceController;
import io.kube4j.controllers.endpoints.EndpointsController;
import io.kube4j.controllers.garbagecollector.GarbageCollector;
import io.kube4j.controllers.job.JobController;
import io.kube4j.controllers.machinery.Controller;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.namespace.NamespaceController;
import io.kube4j.controllers.nodeipam.NodeIpamController;
import io.kube4j.controllers.nodelifecycle.NodeLifecycleController;
import io.kube4j.controllers.nodelifecycle.TaintEvictionController;
import io.kube4j.controllers.podgc.PodGcController;
import io.kube4j.controllers.serviceaccount.RootCaPublisherController;
import io.kube4j.controllers.serviceaccount.ServiceAccountsController;
import io.kube4j.controllers.volume.PersistentVolumeBinderController;
import io.kube4j.controllers.replicaset.ReplicaSetController;
import io.kube4j.controllers.replicaset.ReplicationControllerController;
import io.kube4j.controllers.statefulset.StatefulSetController;
import io.kube4j.controllers.ttlafterfinished.TtlAfterFinishedController;
import java.util.function.Function;
import java.util.List;

/**
 * Every controller kube4j's controller manager can run, under upstream's names and the aliases
 * {@code --controllers} also accepts, in the order they start. Stateless.
 */
public final class ControllerCatalog {

    private ControllerCatalog() {
    }

    public static List<ControllerDescriptor> all() {
        return List.of(
                on("endpoints-controller", "endpoint", EndpointsController::new),
                on("endpointslice-controller", "endpointslice", EndpointSliceController::new),
                on("replicationcontroller-controller", "replicationcontroller", ReplicationControllerController::new),
                on("pod-garbage-collector-controller", "podgc", PodGcController::new),
                on("namespace-controller", "namespace", NamespaceController::new),
                on("serviceaccount-controller", "serviceaccount", ServiceAccountsController::new),
                on("garbage-collector-controller", "garbagecollector", GarbageCollector::new),
                on("daemonset-controller", "daemonset", DaemonSetController::new),
                on("job-controller", "job", JobController::new),
                on("deployment-controller", "deployment", DeploymentController::new),
                on("replicaset-controller", "replicaset", ReplicaSetController::new),
                on("statefulset-controller", "statefulset", StatefulSetController::new),
                on("cronjob-controller", "cronjob", CronJobController::new),
                on("node-lifecycle-controller", "nodelifecycle", NodeLifecycleController::new),
                on("node-ipam-controller", "nodeipam", NodeIpamController::new),
                new ControllerDescriptor("taint-eviction-controller", List.of(), true, TaintEvictionController::new),
                on("persistentvolume-binder-controller", "persistentvolume-binder", PersistentVolumeBinderController::new),
                on("ttl-after-finished-controller", "ttl-after-finished", TtlAfterFinishedController::new),
                on("root-ca-certificate-publisher-controller", "root-ca-cert-publisher", RootCaPublisherController::new));
    }

    /** A controller {@code *} turns on, as every one kube4j has is on by default upstream. */
    private static ControllerDescriptor on(String name, String alias, Function<ControllerContext, Controller> factory) {
        return new ControllerDescriptor(name, List.of(alias), true, factory);
    }
}
