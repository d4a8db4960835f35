package io.kube4j.apiserver.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's defaults for a pod spec ({@code pkg/apis/core/v1/defaults.go}): policies, grace
 * period, scheduler, security context, and per container the pull policy, termination message,
 * port protocols, probe timings, HTTP probe path and scheme, env field-ref API version; volumes
 * through {@link VolumeDefaults}. {@link #apply} is what templates get; {@link #applyPodOnly} adds
 * what upstream defaults only on pods themselves (service links, requests from limits, host-network
 * host ports). All methods fill in unset fields only and are idempotent. Stateless, thread-safe;
 * mutates the spec given.
 */
public final class PodSpecDefaults {

    private PodSpecDefaults() {
    }

    /** The spec-level defaults, shared by pods and pod templates. */
    public static void apply(PodSpec spec) {
        if (spec == null) {
            return;
        }
        if (blank(spec.getDnsPolicy())) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (blank(spec.getRestartPolicy())) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        if (blank(spec.getSchedulerName())) {
            spec.setSchedulerName("default-scheduler");
        }
        // the deprecated serviceAccount mirrors serviceAccountName, as upstream's conversion keeps them
        if (blank(spec.getServiceAccountName()) && !blank(spec.getServiceAccount())) {
            spec.setServiceAccountName(spec.getServiceAccount());
        }
        if (!blank(spec.getServiceAccountName())) {
            spec.setServiceAccount(spec.getServiceAccountName());
        }
        for (Container c : list(spec.getInitContainers())) {
            container(c);
        }
        for (Container c : list(spec.getContainers())) {
            container(c);
        }
        VolumeDefaults.apply(spec.getVolumes());
    }

    /** The template's spec defaults. */
    public static void applyTemplate(PodTemplateSpec template) {
        if (template != null && template.getSpec() != null) {
            apply(template.getSpec());
        }
    }

    /** The defaults upstream gives pods but not templates. Call after {@link #apply}. */
    public static void applyPodOnly(PodSpec spec) {
        if (spec == null) {
            return;
        }
        if (spec.getEnableServiceLinks() == null) {
            spec.setEnableServiceLinks(true);
        }
        for (Container c : list(spec.getInitContainers())) {
            requestsFromLimits(c);
        }
        for (Container c : list(spec.getContainers())) {
            requestsFromLimits(c);
        }
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            for (Container c : list(spec.getInitContainers())) {
                hostPorts(c);
            }
            for (Container c : list(spec.getContainers())) {
                hostPorts(c);
            }
        }
    }

    /** Always for {@code :latest} or an untagged, undigested image; IfNotPresent otherwise. */
    public static String pullPolicyFor(String image) {
        if (blank(image)) {
            return "IfNotPresent";
        }
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        String tag = colon < 0 ? "latest" : last.substring(colon + 1);
        return tag.equals("latest") ? "Always" : "IfNotPresent";
    }

    private static void container(Container c) {
        if (blank(c.getImagePullPolicy())) {
            c.setImagePullPolicy(pullPolicyFor(c.getImage()));
        }
        if (blank(c.getTerminationMessagePath())) {
            c.setTerminationMessagePath("/dev/termination-log");
        }
        if (blank(c.getTerminationMessagePolicy())) {
            c.setTerminationMessagePolicy("File");
        }
        for (ContainerPort port : list(c.getPorts())) {
            if (blank(port.getProtocol())) {
                port.setProtocol("TCP");
            }
        }
        for (EnvVar e : list(c.getEnv())) {
            if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null
                    && blank(e.getValueFrom().getFieldRef().getApiVersion())) {
                e.getValueFrom().getFieldRef().setApiVersion("v1");
            }
        }
        probe(c.getLivenessProbe());
        probe(c.getReadinessProbe());
        probe(c.getStartupProbe());
        if (c.getLifecycle() != null) {
            handler(c.getLifecycle().getPostStart());
            handler(c.getLifecycle().getPreStop());
        }
    }

    private static void probe(Probe p) {
        if (p == null) {
            return;
        }
        if (unset(p.getTimeoutSeconds())) {
            p.setTimeoutSeconds(1);
        }
        if (unset(p.getPeriodSeconds())) {
            p.setPeriodSeconds(10);
        }
        if (unset(p.getSuccessThreshold())) {
            p.setSuccessThreshold(1);
        }
        if (unset(p.getFailureThreshold())) {
            p.setFailureThreshold(3);
        }
        httpGet(p.getHttpGet());
    }

    private static void handler(LifecycleHandler h) {
        if (h != null) {
            httpGet(h.getHttpGet());
        }
    }

    private static void httpGet(HTTPGetAction get) {
        if (get == null) {
            return;
        }
        if (blank(get.getPath())) {
            get.setPath("/");
        }
        if (blank(get.getScheme())) {
            get.setScheme("HTTP");
        }
    }

    private static void requestsFromLimits(Container c) {
        if (c.getResources() == null || c.getResources().getLimits() == null
                || c.getResources().getLimits().isEmpty()) {
            return;
        }
        Map<String, Quantity> requests = c.getResources().getRequests() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(c.getResources().getRequests());
        for (Map.Entry<String, Quantity> e : c.getResources().getLimits().entrySet()) {
            requests.putIfAbsent(e.getKey(), new Quantity(e.getValue().getAmount(), e.getValue().getFormat()));
        }
        c.getResources().setRequests(requests);
    }

    private static void hostPorts(Container c) {
        for (ContainerPort port : list(c.getPorts())) {
            if (port.getHostPort() == null || port.getHostPort() == 0) {
                port.setHostPort(port.getContainerPort());
            }
        }
    }

    private static boolean unset(Integer v) {
        return v == null || v == 0;
    }

    static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
