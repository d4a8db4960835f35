package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Endpoint slices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE; ports and addresses at most three each,
 * then {@code + N more...}; {@code <unset>} when empty. Stateless, thread-safe.
 */
public final class EndpointSliceTable implements TableConvertor<EndpointSlice> {

    private static final int MAX = 3;

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("AddressType", "string", "The family of the addresses in the slice."),
            Column.of("Ports", "string", "The ports of the endpoints."),
            Column.of("Endpoints", "string", "The addresses of the endpoints."),
            Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(EndpointSlice slice, Instant now) {
        List<String> ports = new ArrayList<>();
        for (EndpointPort p : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
            ports.add(p.getPort() != null ? String.valueOf(p.getPort()) : p.getName() != null ? p.getName() : "*");
        }
        List<String> addresses = new ArrayList<>();
        for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
            if (e.getAddresses() != null) {
                addresses.addAll(e.getAddresses());
            }
        }
        return List.of(Cells.name(slice), Cells.str(slice.getAddressType()), firstFew(ports), firstFew(addresses),
                Cells.age(slice, now));
    }

    private static String firstFew(List<String> all) {
        if (all.isEmpty()) {
            return "<unset>";
        }
        String joined = String.join(",", all.subList(0, Math.min(MAX, all.size())));
        return all.size() > MAX ? joined + " + " + (all.size() - MAX) + " more..." : joined;
    }
}
