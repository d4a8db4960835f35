package io.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.ControllerRefs;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plans a service's EndpointSlices (upstream's reconciler, by port mapping): desired endpoints are
 * grouped by the ports they serve; within a group, endpoints stay in the slice that already holds
 * them, new ones fill slices that change anyway, then slices with room, then new slices of at most
 * {@code maxPerSlice}; slices left empty or serving port sets no longer wanted are deleted. A service
 * with no endpoints keeps one placeholder slice without ports or endpoints. Every slice written
 * carries the service's labels, {@code kubernetes.io/service-name}, {@code endpointslice.kubernetes.io/managed-by},
 * the service as controlling owner and the trigger-time annotation. Stateless.
 */
final class SliceReconciler {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGED_BY = "endpointslice-controller.x-k8s.io";
    static final String ADDRESS_TYPE = "IPv4";

    /** One port set and the endpoints serving it. */
    record Group(List<EndpointPort> ports, List<Endpoint> endpoints) {
    }

    private static final class Working {
        final EndpointSlice slice;
        final List<Endpoint> endpoints = new ArrayList<>();
        boolean changed;

        Working(EndpointSlice slice) {
            this.slice = slice;
        }
    }

    private SliceReconciler() {
    }

    /** The key of a port set, independent of order. */
    static String portsKey(List<EndpointPort> ports) {
        return (ports == null ? List.<EndpointPort>of() : ports).stream()
                .sorted(Comparator.comparing((EndpointPort p) -> String.valueOf(p.getName())).thenComparing(p -> String.valueOf(p.getPort()))
                        .thenComparing(p -> String.valueOf(p.getProtocol())))
                .map(p -> p.getName() + "/" + p.getPort() + "/" + p.getProtocol() + "/" + p.getAppProtocol()).toList().toString();
    }

    static SlicePlan plan(Service service, Map<String, Group> desired, List<EndpointSlice> existing, int maxPerSlice, Instant trigger) {
        List<EndpointSlice> creates = new ArrayList<>();
        List<EndpointSlice> updates = new ArrayList<>();
        List<EndpointSlice> deletes = new ArrayList<>();
        List<EndpointSlice> sorted = existing.stream().sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
        boolean none = desired.values().stream().allMatch(g -> g.endpoints().isEmpty());
        if (none) {
            EndpointSlice placeholder = sorted.stream().filter(s -> s.getEndpoints() == null || s.getEndpoints().isEmpty()).findFirst().orElse(null);
            for (EndpointSlice s : sorted) {
                if (s != placeholder) {
                    deletes.add(s);
                }
            }
            if (placeholder == null) {
                creates.add(newSlice(service, List.of(), List.of(), trigger));
            } else if (!metadataCurrent(service, placeholder) || (placeholder.getPorts() != null && !placeholder.getPorts().isEmpty())) {
                EndpointSlice next = Serialization.clone(placeholder);
                next.setPorts(new ArrayList<>());
                updates.add(withMetadata(service, next, trigger));
            }
            return new SlicePlan(creates, updates, deletes);
        }
        Map<String, List<EndpointSlice>> existingByPorts = new LinkedHashMap<>();
        for (EndpointSlice s : sorted) {
            existingByPorts.computeIfAbsent(portsKey(s.getPorts()), k -> new ArrayList<>()).add(s);
        }
        for (var entry : desired.entrySet()) {
            if (entry.getValue().endpoints().isEmpty()) {
                continue;
            }
            List<EndpointSlice> mine = existingByPorts.remove(entry.getKey());
            reconcileGroup(service, entry.getValue(), mine == null ? List.of() : mine, maxPerSlice, trigger, creates, updates, deletes);
        }
        existingByPorts.values().forEach(deletes::addAll);
        return new SlicePlan(creates, updates, deletes);
    }

    private static void reconcileGroup(Service service, Group group, List<EndpointSlice> existing, int maxPerSlice, Instant trigger,
            List<EndpointSlice> creates, List<EndpointSlice> updates, List<EndpointSlice> deletes) {
        Map<String, Endpoint> remaining = new LinkedHashMap<>();
        for (Endpoint e : group.endpoints()) {
            remaining.put(identity(e), e);
        }
        List<Working> slices = new ArrayList<>();
        for (EndpointSlice s : existing) {
            Working w = new Working(s);
            List<Endpoint> had = s.getEndpoints() == null ? List.of() : s.getEndpoints();
            for (Endpoint e : had) {
                Endpoint wanted = remaining.remove(identity(e));
                if (wanted != null && w.endpoints.size() < maxPerSlice) {
                    w.endpoints.add(wanted);
                } else if (wanted != null) {
                    remaining.put(identity(wanted), wanted);
                }
            }
            w.changed = !sameJson(had, w.endpoints);
            slices.add(w);
        }
        // New endpoints go first into slices that are written anyway, then into any slice with room.
        List<Working> byPreference = new ArrayList<>(slices);
        byPreference.sort(Comparator.comparing((Working w) -> !w.changed).thenComparing(w -> -w.endpoints.size()));
        var left = new ArrayList<>(remaining.values()).iterator();
        for (Working w : byPreference) {
            if (w.endpoints.isEmpty() && !left.hasNext()) {
                continue;
            }
            while (left.hasNext() && w.endpoints.size() < maxPerSlice) {
                w.endpoints.add(left.next());
                w.changed = true;
            }
        }
        List<Endpoint> rest = new ArrayList<>();
        left.forEachRemaining(rest::add);
        for (int i = 0; i < rest.size(); i += maxPerSlice) {
            creates.add(newSlice(service, group.ports(), rest.subList(i, Math.min(rest.size(), i + maxPerSlice)), trigger));
        }
        for (Working w : slices) {
            if (w.endpoints.isEmpty()) {
                deletes.add(w.slice);
            } else if (w.changed || !metadataCurrent(service, w.slice)) {
                EndpointSlice next = Serialization.clone(w.slice);
                next.setEndpoints(new ArrayList<>(w.endpoints));
                updates.add(withMetadata(service, next, trigger));
            }
        }
    }

    private static EndpointSlice newSlice(Service service, List<EndpointPort> ports, List<Endpoint> endpoints, Instant trigger) {
        EndpointSlice slice = new EndpointSlice();
        slice.setApiVersion("discovery.k8s.io/v1");
        slice.setKind("EndpointSlice");
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(service.getMetadata().getNamespace());
        meta.setGenerateName(service.getMetadata().getName() + "-");
        slice.setMetadata(meta);
        slice.setAddressType(ADDRESS_TYPE);
        slice.setPorts(new ArrayList<>(ports));
        slice.setEndpoints(new ArrayList<>(endpoints));
        return withMetadata(service, slice, trigger);
    }

    /** Sets the labels, the owner and the trigger annotation on {@code slice} (a copy the caller owns). */
    private static EndpointSlice withMetadata(Service service, EndpointSlice slice, Instant trigger) {
        ObjectMeta meta = slice.getMetadata();
        meta.setLabels(labels(service));
        List<OwnerReference> refs = new ArrayList<>(meta.getOwnerReferences() == null ? List.of() : meta.getOwnerReferences());
        if (refs.stream().noneMatch(r -> Objects.equals(r.getUid(), service.getMetadata().getUid()))) {
            refs.add(ControllerRefs.newControllerRef(service));
        }
        meta.setOwnerReferences(refs);
        Map<String, String> annotations = new HashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
        if (trigger != null) {
            annotations.put(TriggerTimeTracker.ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(trigger));
        } else {
            annotations.remove(TriggerTimeTracker.ANNOTATION);
        }
        meta.setAnnotations(annotations);
        return slice;
    }

    /** The service's labels (but the two this controller owns), ours, and the headless marker. */
    static Map<String, String> labels(Service service) {
        Map<String, String> labels = new HashMap<>(service.getMetadata().getLabels() == null ? Map.of() : service.getMetadata().getLabels());
        labels.remove(SERVICE_NAME_LABEL);
        labels.remove(MANAGED_BY_LABEL);
        labels.put(SERVICE_NAME_LABEL, service.getMetadata().getName());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        if (ServicePods.headless(service)) {
            labels.put(EndpointsController.HEADLESS_LABEL, "");
        } else {
            labels.remove(EndpointsController.HEADLESS_LABEL);
        }
        return labels;
    }

    private static boolean metadataCurrent(Service service, EndpointSlice slice) {
        boolean owned = slice.getMetadata().getOwnerReferences() != null && slice.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> Objects.equals(r.getUid(), service.getMetadata().getUid()));
        return owned && labels(service).equals(slice.getMetadata().getLabels() == null ? Map.of() : slice.getMetadata().getLabels());
    }

    private static String identity(Endpoint e) {
        if (e.getTargetRef() != null && e.getTargetRef().getUid() != null) {
            return e.getTargetRef().getUid();
        }
        return String.valueOf(e.getAddresses());
    }

    private static boolean sameJson(Object a, Object b) {
        var json = Serialization.jsonMapper();
        return Objects.equals(json.valueToTree(a), json.valueToTree(b));
    }
}
