package io.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import io.kube4j.controllers.machinery.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The EndpointSlice controller ({@code endpointslice-controller}, alias {@code endpointslice}): for
 * every Service with a selector, IPv4 EndpointSlices of its selected pods, one endpoint per pod with
 * the ready / serving / terminating conditions, nodeName, zone (from the node's
 * {@code topology.kubernetes.io/zone}), hostname and targetRef, grouped by the ports the pod serves
 * (named target ports resolved per pod), at most {@link #MAX_ENDPOINTS_PER_SLICE} per slice, planned
 * by {@link SliceReconciler}. Slices are labelled with the service name and
 * {@code endpointslice.kubernetes.io/managed-by: endpointslice-controller.x-k8s.io} and owned by the
 * Service (the garbage collector removes them with it; this controller deletes them too). A
 * {@link SliceTracker} refuses syncs on a cache older than our own writes. Pods on nodes the cache
 * does not know are left out and the service retried. Events name {@code endpoint-slice-controller}.
 * Thread-safe.
 */
public final class EndpointSliceController extends KeyedController {

    public static final String NAME = "endpointslice-controller";
    /** Upstream's --max-endpoints-per-slice default. */
    static final int MAX_ENDPOINTS_PER_SLICE = 100;
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private final ObjectCache<Service> services;
    private final ObjectCache<Pod> pods;
    private final ObjectCache<Node> nodes;
    private final ObjectCache<EndpointSlice> slices;
    private final Api api;
    private final EventRecorder events;
    private final TriggerTimeTracker triggers = new TriggerTimeTracker();
    private final SliceTracker tracker = new SliceTracker();

    public EndpointSliceController(ControllerContext context) {
        super(NAME, context.options().concurrentSyncs());
        this.api = context.api();
        this.events = context.recorder("endpoint-slice-controller");
        this.services = context.informers().cache(Service.class);
        this.pods = context.informers().cache(Pod.class);
        this.nodes = context.informers().cache(Node.class);
        this.slices = context.informers().cache(EndpointSlice.class);
        context.informers().addHandler(Service.class, enqueueingHandler());
        context.informers().addHandler(Pod.class, new ServicePodEvents(services, this::enqueue));
        context.informers().addHandler(EndpointSlice.class, new ResourceEventHandler<EndpointSlice>() {
            @Override
            public void onAdd(EndpointSlice obj) {
                wake(obj);
            }

            @Override
            public void onUpdate(EndpointSlice oldObj, EndpointSlice newObj) {
                wake(newObj);
            }

            @Override
            public void onDelete(EndpointSlice obj, boolean deletedFinalStateUnknown) {
                String key = serviceKey(obj);
                if (key != null) {
                    tracker.deleted(key, obj);
                }
                wake(obj);
            }
        });
    }

    /** The tracker of our slice writes, for tests. */
    SliceTracker tracker() {
        return tracker;
    }

    @Override
    protected void sync(String key) {
        String namespace = Keys.namespace(key);
        String name = Keys.name(key);
        Service service = services.get(namespace, name);
        List<EndpointSlice> existing = slices.list(namespace).stream()
                .filter(s -> key.equals(serviceKey(s)) && SliceReconciler.ADDRESS_TYPE.equals(s.getAddressType())).toList();
        if (service == null) {
            triggers.delete(key);
            tracker.forgetService(key);
            for (EndpointSlice s : existing) {
                delete(key, s);
            }
            return;
        }
        if (!ServicePods.hasSelector(service)) {
            return;
        }
        if (tracker.stale(key, existing)) {
            throw new IllegalStateException("EndpointSlice informer cache is out of date for service " + key);
        }
        List<Pod> selected = pods.list(namespace).stream().filter(p -> ServicePods.selects(service, p)).toList();
        Instant trigger = triggers.compute(key, service, selected);
        Map<String, SliceReconciler.Group> desired = new LinkedHashMap<>();
        List<String> unknownNodes = new ArrayList<>();
        List<Pod> ordered = selected.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        for (Pod pod : ordered) {
            if (!ServicePods.belongs(pod, true)) {
                continue;
            }
            Node node = null;
            if (Pods.assigned(pod)) {
                node = nodes.get(null, pod.getSpec().getNodeName());
                if (node == null) {
                    unknownNodes.add(pod.getSpec().getNodeName());
                    continue;
                }
            }
            List<EndpointPort> ports = ports(service, pod);
            desired.computeIfAbsent(SliceReconciler.portsKey(ports), k -> new SliceReconciler.Group(ports, new ArrayList<>()))
                    .endpoints().add(endpoint(pod, node, service));
        }
        SlicePlan plan = SliceReconciler.plan(service, desired, existing, MAX_ENDPOINTS_PER_SLICE, trigger);
        try {
            apply(key, plan);
        } catch (RuntimeException e) {
            if (ApiErrors.namespaceTerminating(e)) {
                return;
            }
            events.eventf(service, EventRecorder.WARNING, "FailedToUpdateEndpointSlices",
                    "Error updating Endpoint Slices for Service %s/%s: %s", namespace, name, e.getMessage());
            throw e;
        }
        if (!unknownNodes.isEmpty()) {
            throw new IllegalStateException("nodes " + unknownNodes + " of pods selected by " + key + " are not in the cache yet");
        }
    }

    private void apply(String key, SlicePlan plan) {
        for (EndpointSlice s : plan.creates()) {
            tracker.written(key, api.create(s));
        }
        for (EndpointSlice s : plan.updates()) {
            tracker.written(key, api.update(s));
        }
        for (EndpointSlice s : plan.deletes()) {
            delete(key, s);
        }
    }

    private void delete(String key, EndpointSlice slice) {
        tracker.deletionRequested(key, slice);
        try {
            api.delete(EndpointSlice.class, slice.getMetadata().getNamespace(), slice.getMetadata().getName(),
                    Api.Deletion.uid(slice.getMetadata().getUid()));
        } catch (RuntimeException e) {
            tracker.deleted(key, slice);
            if (!ApiErrors.notFound(e)) {
                throw e;
            }
        }
    }

    /** The ports {@code pod} serves for the service: every service port whose target it has. */
    private static List<EndpointPort> ports(Service service, Pod pod) {
        List<EndpointPort> ports = new ArrayList<>();
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        for (ServicePort sp : servicePorts) {
            OptionalInt port = ServicePods.targetPort(pod, sp);
            if (port.isEmpty()) {
                continue;
            }
            EndpointPort ep = new EndpointPort();
            ep.setName(sp.getName() == null ? "" : sp.getName());
            ep.setPort(port.getAsInt());
            ep.setProtocol(ServicePods.protocol(sp.getProtocol()));
            ep.setAppProtocol(sp.getAppProtocol());
            ports.add(ep);
        }
        return ports;
    }

    /** Upstream's podToEndpoint: ready is never true for a terminating pod unless publishNotReadyAddresses. */
    private static Endpoint endpoint(Pod pod, Node node, Service service) {
        boolean serving = Pods.ready(pod);
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        boolean ready = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses()) || (serving && !terminating);
        Endpoint e = new Endpoint();
        e.setAddresses(new ArrayList<>(List.of(ServicePods.ipv4(pod))));
        e.setConditions(new EndpointConditions(ready, serving, terminating));
        e.setTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
        if (Pods.assigned(pod)) {
            e.setNodeName(pod.getSpec().getNodeName());
        }
        if (node != null && node.getMetadata().getLabels() != null && node.getMetadata().getLabels().get(ZONE_LABEL) != null
                && !node.getMetadata().getLabels().get(ZONE_LABEL).isEmpty()) {
            e.setZone(node.getMetadata().getLabels().get(ZONE_LABEL));
        }
        if (ServicePods.publishesHostname(pod, service)) {
            e.setHostname(pod.getSpec().getHostname());
        }
        return e;
    }

    /** The key of the service a slice of ours belongs to, or null for slices others manage. */
    static String serviceKey(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        if (labels == null || !SliceReconciler.MANAGED_BY.equals(labels.get(SliceReconciler.MANAGED_BY_LABEL))) {
            return null;
        }
        String service = labels.get(SliceReconciler.SERVICE_NAME_LABEL);
        return service == null ? null : Keys.of(slice.getMetadata().getNamespace(), service);
    }

    private void wake(EndpointSlice slice) {
        String key = serviceKey(slice);
        if (key != null) {
            enqueue(key);
        }
    }
}
