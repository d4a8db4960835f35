package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service environment variables (upstream's envvars.FromServices): for each Service with a
 * cluster IP, {@code NAME_SERVICE_HOST}, {@code NAME_SERVICE_PORT} (+ {@code _PORTNAME} per named
 * port) and the Docker-link ones ({@code NAME_PORT}, {@code NAME_PORT_80_TCP}, {@code _PROTO},
 * {@code _PORT}, {@code _ADDR}). Stateless.
 */
public final class ServiceEnv {

    private ServiceEnv() {}

    /**
     * The variables for a pod of {@code namespace}: the Services of its namespace when
     * {@code enableServiceLinks}, and always the master Service default/kubernetes.
     */
    public static Map<String, String> forPod(ObjectSource source, String namespace, boolean enableServiceLinks) {
        Map<String, Service> byName = new LinkedHashMap<>();
        for (Service s : source.services("default")) {
            if ("kubernetes".equals(s.getMetadata().getName()) && ipSet(s)) {
                byName.put("kubernetes", s);
            }
        }
        if (enableServiceLinks) {
            for (Service s : source.services(namespace)) {
                if (!ipSet(s) || ("default".equals(namespace) && byName.containsKey(s.getMetadata().getName()))) {
                    continue;
                }
                byName.put(s.getMetadata().getName(), s);
            }
        }
        List<Service> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        return fromServices(sorted);
    }

    /** The variables of these services, in order. */
    public static Map<String, String> fromServices(List<Service> services) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Service s : services) {
            List<ServicePort> ports = s.getSpec().getPorts();
            if (!ipSet(s) || ports == null || ports.isEmpty()) {
                continue;
            }
            String prefix = varName(s.getMetadata().getName());
            String ip = s.getSpec().getClusterIP();
            env.put(prefix + "_SERVICE_HOST", ip);
            String portVar = prefix + "_SERVICE_PORT";
            env.put(portVar, String.valueOf(ports.getFirst().getPort()));
            for (ServicePort p : ports) {
                if (p.getName() != null && !p.getName().isEmpty()) {
                    env.put(portVar + "_" + varName(p.getName()), String.valueOf(p.getPort()));
                }
            }
            for (int i = 0; i < ports.size(); i++) {
                ServicePort p = ports.get(i);
                String protocol = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
                String lower = protocol.toLowerCase(Locale.ROOT);
                String hostPort = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + p.getPort();
                if (i == 0) {
                    env.put(prefix + "_PORT", lower + "://" + hostPort);
                }
                String pp = prefix + "_PORT_" + p.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
                env.put(pp, lower + "://" + hostPort);
                env.put(pp + "_PROTO", lower);
                env.put(pp + "_PORT", String.valueOf(p.getPort()));
                env.put(pp + "_ADDR", ip);
            }
        }
        return env;
    }

    private static boolean ipSet(Service s) {
        String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
        return ip != null && !ip.isEmpty() && !"None".equals(ip);
    }

    private static String varName(String name) {
        return name.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
