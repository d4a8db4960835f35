package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Endpoints: NAME ENDPOINTS AGE; at most three {@code ip:port} entries, then
 * {@code + N more...}; {@code <none>} without subsets. Stateless, thread-safe.
 */
public final class EndpointsTable implements TableConvertor<Endpoints> {

    private static final int MAX = 3;

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Endpoints", "string", "The addresses and ports that back the service."), Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Endpoints ep, Instant now) {
        return List.of(Cells.name(ep), format(ep.getSubsets()), Cells.age(ep, now));
    }

    static String format(List<EndpointSubset> subsets) {
        if (subsets == null || subsets.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        boolean more = false;
        int count = 0;
        for (EndpointSubset ss : subsets) {
            List<EndpointAddress> addrs = ss.getAddresses() == null ? List.of() : ss.getAddresses();
            if (ss.getPorts() == null || ss.getPorts().isEmpty()) {
                // headless services may have addresses without ports
                count += addrs.size();
                for (EndpointAddress a : addrs) {
                    if (list.size() == MAX) {
                        more = true;
                        break;
                    }
                    list.add(Cells.str(a.getIp()));
                }
                continue;
            }
            for (EndpointPort port : ss.getPorts()) {
                count += addrs.size();
                for (EndpointAddress a : addrs) {
                    if (list.size() == MAX) {
                        more = true;
                        break;
                    }
                    list.add(hostPort(Cells.str(a.getIp()), Cells.num(port.getPort())));
                }
            }
        }
        String joined = String.join(",", list);
        return more ? joined + " + " + (count - MAX) + " more..." : joined;
    }

    /** Go's {@code net.JoinHostPort}: IPv6 addresses in brackets. */
    private static String hostPort(String ip, long port) {
        return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
