package io.kube4j.apiserver.validation;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.kube4j.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes and lifecycle handlers as upstream's {@code validateProbe} and {@code validateHandler}:
 * exactly one handler, non-negative timings, a success threshold of 1 where only 1 makes sense,
 * valid ports and schemes. Stateless, thread-safe.
 */
final class ProbeValidation {

    private static final List<String> SCHEMES = List.of("HTTP", "HTTPS");

    private ProbeValidation() {
    }

    /** A probe; {@code successMustBeOne} for liveness and startup probes. */
    static void probe(List<FieldError> errs, Probe probe, String p, boolean successMustBeOne, boolean readiness) {
        if (probe == null) {
            return;
        }
        List<String> kinds = new ArrayList<>();
        if (probe.getExec() != null) {
            kinds.add("exec");
            if (probe.getExec().getCommand() == null || probe.getExec().getCommand().isEmpty()) {
                errs.add(FieldError.required(p + ".exec.command", ""));
            }
        }
        if (probe.getHttpGet() != null) {
            kinds.add("httpGet");
            httpGet(errs, probe.getHttpGet(), p + ".httpGet");
        }
        if (probe.getTcpSocket() != null) {
            kinds.add("tcpSocket");
            port(errs, probe.getTcpSocket().getPort(), p + ".tcpSocket.port");
        }
        if (probe.getGrpc() != null) {
            kinds.add("grpc");
            int port = probe.getGrpc().getPort() == null ? 0 : probe.getGrpc().getPort();
            for (String msg : NameRules.isValidPortNum(port)) {
                errs.add(FieldError.invalid(p + ".grpc.port", port, msg));
            }
        }
        handlerCount(errs, kinds, p);
        FieldChecks.nonNegative(errs, p + ".initialDelaySeconds", probe.getInitialDelaySeconds());
        FieldChecks.nonNegative(errs, p + ".timeoutSeconds", probe.getTimeoutSeconds());
        FieldChecks.nonNegative(errs, p + ".periodSeconds", probe.getPeriodSeconds());
        FieldChecks.nonNegative(errs, p + ".successThreshold", probe.getSuccessThreshold());
        FieldChecks.nonNegative(errs, p + ".failureThreshold", probe.getFailureThreshold());
        if (successMustBeOne && probe.getSuccessThreshold() != null && probe.getSuccessThreshold() != 1) {
            errs.add(FieldError.invalid(p + ".successThreshold", probe.getSuccessThreshold(), "must be 1"));
        }
        if (readiness && probe.getTerminationGracePeriodSeconds() != null) {
            errs.add(FieldError.invalid(p + ".terminationGracePeriodSeconds", probe.getTerminationGracePeriodSeconds(),
                    "must not be set for readinessProbes"));
        }
        if (probe.getTerminationGracePeriodSeconds() != null && probe.getTerminationGracePeriodSeconds() <= 0) {
            errs.add(FieldError.invalid(p + ".terminationGracePeriodSeconds", probe.getTerminationGracePeriodSeconds(),
                    "must be greater than 0"));
        }
    }

    /** A postStart or preStop handler. */
    static void handler(List<FieldError> errs, LifecycleHandler h, String p) {
        if (h == null) {
            return;
        }
        List<String> kinds = new ArrayList<>();
        if (h.getExec() != null) {
            kinds.add("exec");
            if (h.getExec().getCommand() == null || h.getExec().getCommand().isEmpty()) {
                errs.add(FieldError.required(p + ".exec.command", ""));
            }
        }
        if (h.getHttpGet() != null) {
            kinds.add("httpGet");
            httpGet(errs, h.getHttpGet(), p + ".httpGet");
        }
        if (h.getTcpSocket() != null) {
            kinds.add("tcpSocket");
            port(errs, h.getTcpSocket().getPort(), p + ".tcpSocket.port");
        }
        if (h.getSleep() != null) {
            kinds.add("sleep");
        }
        handlerCount(errs, kinds, p);
    }

    private static void handlerCount(List<FieldError> errs, List<String> kinds, String p) {
        if (kinds.isEmpty()) {
            errs.add(FieldError.required(p, "must specify a handler type"));
        } else if (kinds.size() > 1) {
            errs.add(FieldError.forbidden(p + "." + kinds.get(1), "may not specify more than 1 handler type"));
        }
    }

    private static void httpGet(List<FieldError> errs, HTTPGetAction get, String p) {
        if (get.getPath() != null && get.getPath().isEmpty()) {
            errs.add(FieldError.required(p + ".path", ""));
        }
        port(errs, get.getPort(), p + ".port");
        if (get.getScheme() != null && !SCHEMES.contains(get.getScheme())) {
            errs.add(FieldError.notSupported(p + ".scheme", get.getScheme(), SCHEMES));
        }
        if (get.getHttpHeaders() != null) {
            for (int i = 0; i < get.getHttpHeaders().size(); i++) {
                String name = ContainerValidation.str(get.getHttpHeaders().get(i).getName());
                if (!name.matches("[-A-Za-z0-9]+")) {
                    errs.add(FieldError.invalid(p + ".httpHeaders[" + i + "].name", name,
                            NameRules.regexError("a valid HTTP header must consist of alphanumeric characters or '-'",
                                    "[-A-Za-z0-9]+", "X-Header-Name")));
                }
            }
        }
    }

    /** A port given as a number or as a container port name. */
    static void port(List<FieldError> errs, IntOrString port, String p) {
        if (port == null) {
            errs.add(FieldError.required(p, ""));
            return;
        }
        if (port.getStrVal() != null) {
            FieldChecks.each(errs, p, port.getStrVal(), NameRules::isValidPortName);
        } else {
            int n = port.getIntVal() == null ? 0 : port.getIntVal();
            for (String msg : NameRules.isValidPortNum(n)) {
                errs.add(FieldError.invalid(p, n, msg));
            }
        }
    }
}
