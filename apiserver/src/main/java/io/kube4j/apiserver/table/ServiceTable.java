package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR. EXTERNAL-IP is the
 * external IPs, for a load balancer its ingress addresses (or {@code <pending>}), for an
 * external-name service the name. Ports read {@code 80/TCP} or {@code 80:30080/TCP}. Stateless.
 */
public final class ServiceTable implements TableConvertor<Service> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Type", "string", "How the service is exposed."),
            Column.of("Cluster-IP", "string", "The service's virtual IP inside the cluster."),
            Column.of("External-IP", "string", "Addresses the service is reachable at from outside."),
            Column.of("Port(s)", "string", "The ports the service exposes."),
            Cells.AGE,
            Column.wide("Selector", "string", "The labels of the pods that back the service."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Service svc, Instant now) {
        ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
        String ports = ports(spec.getPorts());
        return List.of(Cells.name(svc), Cells.str(spec.getType()), clusterIP(spec), externalIP(svc, spec),
                ports.isEmpty() ? "<none>" : ports, Cells.age(svc, now), Cells.labels(spec.getSelector()));
    }

    /** {@code clusterIP} wins over {@code clusterIPs}, as in upstream's internal form. */
    private static String clusterIP(ServiceSpec spec) {
        if (!Cells.str(spec.getClusterIP()).isEmpty()) {
            return spec.getClusterIP();
        }
        return spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty() ? "<none>" : spec.getClusterIPs().getFirst();
    }

    private static String externalIP(Service svc, ServiceSpec spec) {
        List<String> external = spec.getExternalIPs() == null ? List.of() : spec.getExternalIPs();
        switch (Cells.str(spec.getType())) {
            case "ClusterIP", "NodePort" -> {
                return external.isEmpty() ? "<none>" : String.join(",", external);
            }
            case "LoadBalancer" -> {
                String lb = loadBalancer(svc);
                if (!external.isEmpty()) {
                    List<String> all = new ArrayList<>();
                    if (!lb.isEmpty()) {
                        all.addAll(List.of(lb.split(",")));
                    }
                    all.addAll(external);
                    return String.join(",", all);
                }
                return lb.isEmpty() ? "<pending>" : lb;
            }
            case "ExternalName" -> {
                return Cells.str(spec.getExternalName());
            }
            default -> {
                return "<unknown>";
            }
        }
    }

    /** Ingress IPs (or host names), sorted and de-duplicated; the table is always built wide. */
    private static String loadBalancer(Service svc) {
        if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null
                || svc.getStatus().getLoadBalancer().getIngress() == null) {
            return "";
        }
        TreeSet<String> out = new TreeSet<>();
        for (LoadBalancerIngress in : svc.getStatus().getLoadBalancer().getIngress()) {
            if (!Cells.str(in.getIp()).isEmpty()) {
                out.add(in.getIp());
            } else if (!Cells.str(in.getHostname()).isEmpty()) {
                out.add(in.getHostname());
            }
        }
        return String.join(",", out);
    }

    private static String ports(List<ServicePort> ports) {
        if (ports == null) {
            return "";
        }
        return ports.stream().map(p -> {
            long port = Cells.num(p.getPort());
            String proto = Cells.str(p.getProtocol());
            return Cells.num(p.getNodePort()) > 0 ? port + ":" + p.getNodePort() + "/" + proto : port + "/" + proto;
        }).collect(Collectors.joining(","));
    }
}
