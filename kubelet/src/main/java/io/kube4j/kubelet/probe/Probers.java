package io.kube4j.kubelet.probe;

import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.kube4j.runtime.ContainerRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Runs one probe of a container once, whichever its handler (exec, httpGet, tcpSocket, grpc),
 * within the probe's timeoutSeconds (default 1). Stateless and thread-safe.
 */
final class Probers {

    private final ExecProbe exec;
    private final HttpGetProbe http = new HttpGetProbe();
    private final TcpSocketProbe tcp = new TcpSocketProbe();
    private final GrpcProbe grpc = new GrpcProbe();

    private final boolean simulatedNetwork;

    /**
     * @param simulatedNetwork on hollow nodes: pod IPs lead nowhere, so httpGet, tcpSocket and grpc
     *     probes succeed without connecting (their ports are still resolved); exec goes to the runtime
     */
    Probers(ContainerRuntime runtime, boolean simulatedNetwork) {
        this.exec = new ExecProbe(runtime);
        this.simulatedNetwork = simulatedNetwork;
    }

    static Duration timeout(Probe probe) {
        Integer seconds = probe.getTimeoutSeconds();
        return Duration.ofSeconds(seconds == null || seconds <= 0 ? 1 : seconds);
    }

    ProbeResult run(Probe probe, ProbeTarget target) {
        Duration timeout = timeout(probe);
        try {
            if (probe.getExec() != null) {
                ExecAction action = probe.getExec();
                List<String> command = action.getCommand() == null ? List.of() : action.getCommand();
                return exec.run(command, target, timeout);
            }
            if (probe.getHttpGet() != null) {
                HTTPGetAction action = probe.getHttpGet();
                String scheme = action.getScheme() == null || action.getScheme().isEmpty()
                        ? "http" : action.getScheme().toLowerCase(Locale.ROOT);
                int port = ProbePorts.resolve(action.getPort(), target.container());
                if (simulatedNetwork) {
                    return ProbeResult.success("");
                }
                return http.run(new HttpGetProbe.Request(scheme, host(action.getHost(), target), port, action.getPath(),
                        action.getHttpHeaders()), timeout);
            }
            if (probe.getTcpSocket() != null) {
                TCPSocketAction action = probe.getTcpSocket();
                int port = ProbePorts.resolve(action.getPort(), target.container());
                if (simulatedNetwork) {
                    return ProbeResult.success("");
                }
                return tcp.run(host(action.getHost(), target), port, timeout);
            }
            if (probe.getGrpc() != null) {
                GRPCAction action = probe.getGrpc();
                if (action.getPort() == null || action.getPort() <= 0 || action.getPort() >= 65536) {
                    return ProbeResult.error("invalid port number: " + action.getPort());
                }
                if (simulatedNetwork) {
                    return ProbeResult.success("service healthy");
                }
                return grpc.run(host(null, target), action.getPort(), action.getService(), timeout);
            }
            return ProbeResult.error("missing probe handler for " + target.container().getName());
        } catch (IllegalArgumentException e) {
            return ProbeResult.error(e.getMessage());
        }
    }

    private static String host(String host, ProbeTarget target) {
        if (host != null && !host.isEmpty()) {
            return host;
        }
        if (target.podIp() == null || target.podIp().isEmpty()) {
            throw new IllegalArgumentException("the pod has no IP to probe yet");
        }
        return target.podIp();
    }
}
