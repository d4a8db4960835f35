package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ExecResult;
import io.kube4j.runtime.RuntimeFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs a container's lifecycle hooks, postStart and preStop (upstream's handlerRunner): exec in
 * the container, httpGet to the pod (its IP unless the hook names a host), or sleep. Stateless
 * apart from its HTTP client; thread-safe.
 */
final class Hooks {

    private final ContainerRuntime runtime;
    /**
     * Made on the first httpGet hook: every HttpClient owns a selector thread, and a process running
     * a thousand hollow nodes (whose pods never have hooks run) held a thousand idle ones.
     */
    private volatile HttpClient http;

    Hooks(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                    http = client;
                }
            }
        }
        return client;
    }

    /**
     * Runs {@code handler} for the instance {@code containerId}, waiting at most {@code timeout}.
     *
     * @return null when it succeeded, else the error message
     */
    String run(Pod pod, Container container, String containerId, LifecycleHandler handler, String podIp, Duration timeout) {
        try {
            if (handler.getExec() != null) {
                var command = handler.getExec().getCommand();
                ExecResult r = runtime.execSync(containerId, command, timeout);
                if (r.timedOut()) {
                    return "Exec lifecycle hook (" + command + ") for Container \"" + container.getName() + "\" in Pod \""
                            + PodNames.format(pod) + "\" failed - error: command timed out";
                }
                if (r.exitCode() != 0) {
                    String out = new String(r.stdout(), StandardCharsets.UTF_8) + new String(r.stderr(), StandardCharsets.UTF_8);
                    return "Exec lifecycle hook (" + command + ") for Container \"" + container.getName() + "\" in Pod \""
                            + PodNames.format(pod) + "\" failed - error: command '" + String.join(" ", command)
                            + "' exited with " + r.exitCode() + ": " + out + ", message: \"" + out + "\"";
                }
                return null;
            }
            if (handler.getHttpGet() != null) {
                return httpGet(pod, container, handler.getHttpGet(), podIp, timeout);
            }
            if (handler.getSleep() != null && handler.getSleep().getSeconds() != null) {
                Thread.sleep(Math.min(handler.getSleep().getSeconds() * 1000L, timeout.toMillis()));
                return null;
            }
            return "Cannot run handler: missing action";
        } catch (RuntimeFailure e) {
            return "Exec lifecycle hook for Container \"" + container.getName() + "\" in Pod \"" + PodNames.format(pod)
                    + "\" failed - error: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String httpGet(Pod pod, Container container, HTTPGetAction get, String podIp, Duration timeout)
            throws InterruptedException {
        String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
        int port = port(container, get.getPort());
        String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
        String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String hostPart = host != null && host.contains(":") ? "[" + host + "]" : host;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://" + hostPart + ":" + port + path))
                    .timeout(timeout.isZero() ? Duration.ofSeconds(1) : timeout)
                    .header("User-Agent", "kube-lifecycle/1.0");
            if (get.getHttpHeaders() != null) {
                for (HTTPHeader h : get.getHttpHeaders()) {
                    request.setHeader(h.getName(), h.getValue());
                }
            }
            HttpResponse<String> response = http().send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                return "HTTP lifecycle hook (" + path + ") for Container \"" + container.getName() + "\" in Pod \""
                        + PodNames.format(pod) + "\" failed - error: HTTP status " + response.statusCode()
                        + ", message: \"" + response.body() + "\"";
            }
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return "HTTP lifecycle hook (" + path + ") for Container \"" + container.getName() + "\" in Pod \""
                    + PodNames.format(pod) + "\" failed - error: " + e.getMessage();
        }
    }

    /** A port given by number, or by the name of one of the container's ports. */
    static int port(Container container, IntOrString port) {
        if (port == null) {
            return 80;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (container.getPorts() != null) {
            for (ContainerPort p : container.getPorts()) {
                if (name.equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("couldn't find port: " + name + " in container " + container.getName());
        }
    }
}
