package io.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the subsets of an Endpoints object (upstream's RepackSubsets and SortSubsets): each pod's
 * address with the ports it serves, addresses with the same port set grouped in one subset, ready
 * and not-ready addresses apart, everything sorted so that equal inputs give equal objects. At most
 * {@link #MAX_ADDRESSES} addresses are kept, ready ones first (upstream's maxCapacity truncation).
 * Not thread-safe: one per sync.
 */
final class EndpointSubsets {

    /** Upstream's maxCapacity: beyond it the Endpoints object is truncated and annotated. */
    static final int MAX_ADDRESSES = 1000;

    private record Group(List<EndpointPort> ports, List<EndpointAddress> ready, List<EndpointAddress> notReady) {
    }

    private final Map<String, Group> byPorts = new TreeMap<>();
    private int total;

    /** Adds one pod's address serving {@code ports} (empty for a headless service without ports). */
    void add(EndpointAddress address, List<EndpointPort> ports, boolean ready) {
        List<EndpointPort> sorted = new ArrayList<>(ports);
        sorted.sort(Comparator.comparing((EndpointPort p) -> String.valueOf(p.getName())).thenComparing(EndpointPort::getPort)
                .thenComparing(p -> String.valueOf(p.getProtocol())));
        String key = sorted.stream().map(p -> p.getName() + "/" + p.getPort() + "/" + p.getProtocol() + "/" + p.getAppProtocol()).toList().toString();
        Group g = byPorts.computeIfAbsent(key, k -> new Group(sorted, new ArrayList<>(), new ArrayList<>()));
        (ready ? g.ready() : g.notReady()).add(address);
        total++;
    }

    /** Whether more addresses were added than an Endpoints object keeps. */
    boolean overCapacity() {
        return total > MAX_ADDRESSES;
    }

    List<EndpointSubset> build() {
        Comparator<EndpointAddress> byIp = Comparator.comparing(EndpointAddress::getIp)
                .thenComparing(a -> a.getTargetRef() == null ? "" : String.valueOf(a.getTargetRef().getUid()));
        Map<String, Group> kept = new LinkedHashMap<>(byPorts);
        int budget = MAX_ADDRESSES;
        List<EndpointSubset> subsets = new ArrayList<>();
        for (Group g : kept.values()) {
            g.ready().sort(byIp);
            g.notReady().sort(byIp);
        }
        // Ready addresses first, then not-ready ones, while the budget lasts.
        List<List<EndpointAddress>> readyKept = new ArrayList<>();
        for (Group g : kept.values()) {
            List<EndpointAddress> r = g.ready().subList(0, Math.min(g.ready().size(), budget));
            budget -= r.size();
            readyKept.add(r);
        }
        int i = 0;
        for (Group g : kept.values()) {
            List<EndpointAddress> n = g.notReady().subList(0, Math.min(g.notReady().size(), budget));
            budget -= n.size();
            List<EndpointAddress> r = readyKept.get(i++);
            if (r.isEmpty() && n.isEmpty()) {
                continue;
            }
            EndpointSubset s = new EndpointSubset();
            s.setAddresses(new ArrayList<>(r));
            s.setNotReadyAddresses(new ArrayList<>(n));
            s.setPorts(new ArrayList<>(g.ports()));
            subsets.add(s);
        }
        return subsets;
    }
}
