package io.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Pods;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The Endpoints controller ({@code endpoints-controller}, alias {@code endpoint}): for every Service
 * with a selector, an Endpoints object of the same name listing the selected pods' IPv4 addresses
 * per port set, ready pods under {@code addresses} and the others under {@code notReadyAddresses}
 * (all under {@code addresses} with {@code publishNotReadyAddresses}); named target ports resolved
 * per pod; hostname, nodeName and targetRef on each address; the service's labels plus
 * {@code service.kubernetes.io/headless} for headless services; the
 * {@code endpoints.kubernetes.io/last-change-trigger-time} annotation. Services without a selector
 * keep whatever Endpoints someone else wrote; the Endpoints of a deleted Service are deleted.
 * Events name {@code endpoint-controller}. Thread-safe.
 */
public final class EndpointsController extends KeyedController {

    public static final String NAME = "endpoints-controller";

    static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
    static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";
    /** Endpoints used as leader-election locks by old components: never ours to delete. */
    static final String LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

    private final ObjectCache<Service> services;
    private final ObjectCache<Pod> pods;
    private final ObjectCache<Endpoints> endpoints;
    private final Api api;
    private final EventRecorder events;
    private final TriggerTimeTracker triggers = new TriggerTimeTracker();

    public EndpointsController(ControllerContext context) {
        super(NAME, context.options().concurrentSyncs());
        this.api = context.api();
        this.events = context.recorder("endpoint-controller");
        this.services = context.informers().cache(Service.class);
        this.pods = context.informers().cache(Pod.class);
        this.endpoints = context.informers().cache(Endpoints.class);
        context.informers().addHandler(Service.class, enqueueingHandler());
        context.informers().addHandler(Pod.class, new ServicePodEvents(services, this::enqueue));
        context.informers().addHandler(Endpoints.class, new ResourceEventHandler<Endpoints>() {
            @Override
            public void onAdd(Endpoints obj) {
            }

            @Override
            public void onUpdate(Endpoints oldObj, Endpoints newObj) {
            }

            @Override
            public void onDelete(Endpoints obj, boolean deletedFinalStateUnknown) {
                // Someone deleted Endpoints we manage: write them again.
                enqueue(obj);
            }
        });
    }

    @Override
    public void start() {
        super.start();
        // Upstream's checkLeftoverEndpoints: Endpoints whose Service went while we were down get deleted.
        for (Endpoints e : endpoints.list()) {
            if (e.getMetadata().getAnnotations() == null || !e.getMetadata().getAnnotations().containsKey(LEADER_ANNOTATION)) {
                enqueue(e);
            }
        }
    }

    @Override
    protected void sync(String key) {
        String namespace = Keys.namespace(key);
        String name = Keys.name(key);
        Service service = services.get(namespace, name);
        if (service == null) {
            triggers.delete(key);
            Endpoints leftover = endpoints.get(namespace, name);
            if (leftover != null && leftover.getMetadata().getAnnotations() != null
                    && leftover.getMetadata().getAnnotations().containsKey(LEADER_ANNOTATION)) {
                return;
            }
            try {
                api.delete(Endpoints.class, namespace, name, Api.Deletion.DEFAULT);
            } catch (RuntimeException e) {
                if (!ApiErrors.notFound(e)) {
                    throw e;
                }
            }
            return;
        }
        if (!ServicePods.hasSelector(service)) {
            return;
        }
        List<Pod> selected = pods.list(namespace).stream().filter(p -> ServicePods.selects(service, p)).toList();
        Instant trigger = triggers.compute(key, service, selected);
        boolean tolerateUnready = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        EndpointSubsets subsets = new EndpointSubsets();
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        for (Pod pod : selected) {
            if (!ServicePods.belongs(pod, tolerateUnready)) {
                continue;
            }
            EndpointAddress address = address(pod, service);
            boolean ready = tolerateUnready || Pods.ready(pod);
            if (ports.isEmpty()) {
                if (ServicePods.headless(service)) {
                    subsets.add(address, List.of(), ready);
                }
                continue;
            }
            List<EndpointPort> served = new ArrayList<>();
            for (ServicePort sp : ports) {
                OptionalInt port = ServicePods.targetPort(pod, sp);
                if (port.isPresent()) {
                    EndpointPort ep = new EndpointPort();
                    ep.setName(sp.getName() == null || sp.getName().isEmpty() ? null : sp.getName());
                    ep.setPort(port.getAsInt());
                    ep.setProtocol(ServicePods.protocol(sp.getProtocol()));
                    ep.setAppProtocol(sp.getAppProtocol());
                    served.add(ep);
                }
            }
            if (!served.isEmpty()) {
                subsets.add(address, served, ready);
            }
        }
        List<EndpointSubset> wanted = subsets.build();
        write(service, endpoints.get(namespace, name), wanted, trigger, subsets.overCapacity());
    }

    private void write(Service service, Endpoints current, List<EndpointSubset> wanted, Instant trigger, boolean overCapacity) {
        Map<String, String> serviceLabels = service.getMetadata().getLabels() == null ? Map.of() : service.getMetadata().getLabels();
        if (current != null) {
            Map<String, String> compare = new HashMap<>(current.getMetadata().getLabels() == null ? Map.of() : current.getMetadata().getLabels());
            compare.remove(HEADLESS_LABEL);
            boolean capacityNoted = overCapacity == (current.getMetadata().getAnnotations() != null
                    && current.getMetadata().getAnnotations().containsKey(OVER_CAPACITY));
            if (sameSubsets(current.getSubsets(), wanted) && compare.equals(serviceLabels) && capacityNoted) {
                return;
            }
        }
        Endpoints next = current == null ? new Endpoints() : Serialization.clone(current);
        if (current == null) {
            ObjectMeta meta = new ObjectMeta();
            meta.setName(service.getMetadata().getName());
            meta.setNamespace(service.getMetadata().getNamespace());
            next.setMetadata(meta);
        }
        next.setApiVersion("v1");
        next.setKind("Endpoints");
        next.setSubsets(wanted);
        Map<String, String> labels = new HashMap<>(serviceLabels);
        if (ServicePods.headless(service)) {
            labels.put(HEADLESS_LABEL, "");
        }
        next.getMetadata().setLabels(labels);
        Map<String, String> annotations = new HashMap<>(next.getMetadata().getAnnotations() == null ? Map.of() : next.getMetadata().getAnnotations());
        if (trigger != null) {
            annotations.put(TriggerTimeTracker.ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(trigger));
        } else {
            // Nothing new triggered this write: an old trigger time would be misleading.
            annotations.remove(TriggerTimeTracker.ANNOTATION);
        }
        if (overCapacity) {
            annotations.put(OVER_CAPACITY, "truncated");
        } else {
            annotations.remove(OVER_CAPACITY);
        }
        next.getMetadata().setAnnotations(annotations);
        try {
            if (current == null) {
                api.create(next);
            } else {
                api.update(next);
            }
        } catch (KubernetesClientException e) {
            if (current == null && ApiErrors.namespaceTerminating(e)) {
                return;
            }
            String verb = current == null ? "create" : "update";
            events.eventf(next, EventRecorder.WARNING, current == null ? "FailedToCreateEndpoint" : "FailedToUpdateEndpoint",
                    "Failed to %s endpoint for service %s/%s: %s", verb, service.getMetadata().getNamespace(),
                    service.getMetadata().getName(), e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage());
            throw e;
        }
    }

    private static EndpointAddress address(Pod pod, Service service) {
        EndpointAddress a = new EndpointAddress();
        a.setIp(ServicePods.ipv4(pod));
        if (Pods.assigned(pod)) {
            a.setNodeName(pod.getSpec().getNodeName());
        }
        if (ServicePods.publishesHostname(pod, service)) {
            a.setHostname(pod.getSpec().getHostname());
        }
        a.setTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
        return a;
    }

    /** Compared as JSON, where empty and absent lists are the same. */
    private static boolean sameSubsets(List<EndpointSubset> a, List<EndpointSubset> b) {
        var json = Serialization.jsonMapper();
        return Objects.equals(json.valueToTree(a == null ? List.of() : a), json.valueToTree(b == null ? List.of() : b));
    }
}
