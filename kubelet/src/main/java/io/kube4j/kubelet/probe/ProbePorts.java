package io.kube4j.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;

/** Resolves a probe's port (a number, or the name of one of the container's ports) as upstream does. */
final class ProbePorts {

    private ProbePorts() {}

    /**
     * @throws IllegalArgumentException if a name matches none of the container's ports, or the number is out of range
     */
    static int resolve(IntOrString port, Container container) {
        if (port == null) {
            throw new IllegalArgumentException("probe has no port");
        }
        int number;
        if (port.getIntVal() != null) {
            number = port.getIntVal();
        } else {
            String name = port.getStrVal();
            Integer found = null;
            if (container.getPorts() != null) {
                for (ContainerPort p : container.getPorts()) {
                    if (name != null && name.equals(p.getName())) {
                        found = p.getContainerPort();
                        break;
                    }
                }
            }
            if (found == null) {
                try {
                    found = Integer.parseInt(name); // upstream's last resort: a number written as a string
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("couldn't find port: " + name + " in container " + container.getName());
                }
            }
            number = found;
        }
        if (number <= 0 || number >= 65536) {
            throw new IllegalArgumentException("invalid port number: " + number);
        }
        return number;
    }

    /** host:port, with brackets around an IPv6 host. */
    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
