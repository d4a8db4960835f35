package io.kube4j.apiserver.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kube4j.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One container of a pod spec, as upstream's {@code validateContainerCommon} and friends: name,
 * image, ports, env, envFrom, volume mounts, resources, probes, pull and termination-message
 * policies. Probes and lifecycle handlers are in {@link ProbeValidation}. Stateless, thread-safe.
 */
final class ContainerValidation {

    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
    private static final List<String> ENV_FIELD_PATHS = List.of("metadata.name", "metadata.namespace",
            "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs",
            "status.podIP", "status.podIPs");
    private static final List<String> RESOURCE_FIELDS = List.of("limits.cpu", "limits.ephemeral-storage",
            "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory");
    private static final List<String> PROPAGATIONS = List.of("Bidirectional", "HostToContainer", "None");

    private ContainerValidation() {
    }

    /**
     * One container. {@code names} collects container names across the pod (they must be unique
     * across init and regular containers); {@code volumes} are the pod's volume names.
     */
    static void validate(List<FieldError> errs, Container c, String p, boolean imageRequired, Set<String> names,
            Set<String> volumes) {
        String name = str(c.getName());
        if (name.isEmpty()) {
            errs.add(FieldError.required(p + ".name", ""));
        } else {
            FieldChecks.each(errs, p + ".name", name, NameRules::isDns1123Label);
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(p + ".name", name));
            }
        }
        String image = str(c.getImage());
        if (image.isEmpty()) {
            if (imageRequired) {
                errs.add(FieldError.required(p + ".image", ""));
            }
        } else if (!image.equals(image.strip())) {
            errs.add(FieldError.invalid(p + ".image", image, "must not have leading or trailing whitespace"));
        }
        ports(errs, c.getPorts(), p + ".ports");
        env(errs, c.getEnv(), p + ".env");
        envFrom(errs, c.getEnvFrom(), p + ".envFrom");
        volumeMounts(errs, c.getVolumeMounts(), p + ".volumeMounts", volumes);
        errs.addAll(ResourceValidation.validateRequirements(c.getResources(), p + ".resources"));
        if (c.getImagePullPolicy() != null) {
            FieldChecks.oneOf(errs, p + ".imagePullPolicy", c.getImagePullPolicy(), PULL_POLICIES);
        }
        if (c.getTerminationMessagePolicy() != null) {
            FieldChecks.oneOf(errs, p + ".terminationMessagePolicy", c.getTerminationMessagePolicy(),
                    MESSAGE_POLICIES);
        }
    }

    static void ports(List<FieldError> errs, List<ContainerPort> ports, String p) {
        if (ports == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort port = ports.get(i);
            String ip = p + "[" + i + "]";
            String name = str(port.getName());
            if (!name.isEmpty()) {
                FieldChecks.each(errs, ip + ".name", name, NameRules::isValidPortName);
                if (!names.add(name)) {
                    errs.add(FieldError.duplicate(ip + ".name", name));
                }
            }
            int containerPort = port.getContainerPort() == null ? 0 : port.getContainerPort();
            for (String msg : NameRules.isValidPortNum(containerPort)) {
                errs.add(FieldError.invalid(ip + ".containerPort", containerPort, msg));
            }
            if (port.getHostPort() != null && port.getHostPort() != 0) {
                for (String msg : NameRules.isValidPortNum(port.getHostPort())) {
                    errs.add(FieldError.invalid(ip + ".hostPort", port.getHostPort(), msg));
                }
            }
            FieldChecks.oneOf(errs, ip + ".protocol", port.getProtocol(), PROTOCOLS);
        }
    }

    static void env(List<FieldError> errs, List<EnvVar> env, String p) {
        if (env == null) {
            return;
        }
        for (int i = 0; i < env.size(); i++) {
            EnvVar e = env.get(i);
            String ip = p + "[" + i + "]";
            String name = str(e.getName());
            if (name.isEmpty()) {
                errs.add(FieldError.required(ip + ".name", ""));
            } else {
                FieldChecks.each(errs, ip + ".name", name, NameRules::isEnvVarName);
            }
            if (e.getValueFrom() != null) {
                valueFrom(errs, e.getValueFrom(), ip + ".valueFrom", !str(e.getValue()).isEmpty());
            }
        }
    }

    private static void valueFrom(List<FieldError> errs, EnvVarSource src, String p, boolean hasValue) {
        int n = 0;
        if (src.getFieldRef() != null) {
            n++;
            if (str(src.getFieldRef().getApiVersion()).isEmpty()) {
                errs.add(FieldError.required(p + ".fieldRef.apiVersion", ""));
            }
            String fp = str(src.getFieldRef().getFieldPath());
            if (fp.isEmpty()) {
                errs.add(FieldError.required(p + ".fieldRef.fieldPath", ""));
            } else if (!ENV_FIELD_PATHS.contains(fp) && !isSubscripted(fp)) {
                errs.add(FieldError.notSupported(p + ".fieldRef.fieldPath", fp, ENV_FIELD_PATHS));
            }
        }
        if (src.getResourceFieldRef() != null) {
            n++;
            String res = str(src.getResourceFieldRef().getResource());
            if (res.isEmpty()) {
                errs.add(FieldError.required(p + ".resourceFieldRef.resource", ""));
            } else if (!RESOURCE_FIELDS.contains(res) && !res.startsWith("limits.hugepages-")
                    && !res.startsWith("requests.hugepages-")) {
                errs.add(FieldError.notSupported(p + ".resourceFieldRef.resource", res, RESOURCE_FIELDS));
            }
        }
        if (src.getConfigMapKeyRef() != null) {
            n++;
            keyRef(errs, p + ".configMapKeyRef", src.getConfigMapKeyRef().getName(), src.getConfigMapKeyRef().getKey());
        }
        if (src.getSecretKeyRef() != null) {
            n++;
            keyRef(errs, p + ".secretKeyRef", src.getSecretKeyRef().getName(), src.getSecretKeyRef().getKey());
        }
        if (n == 0) {
            errs.add(FieldError.invalid(p, "", "must specify one of: `fieldRef`, `resourceFieldRef`, "
                    + "`configMapKeyRef` or `secretKeyRef`"));
        } else if (n > 1) {
            errs.add(FieldError.invalid(p, "", "may not have more than one field specified at a time"));
        } else if (hasValue) {
            errs.add(FieldError.invalid(p, "", "may not be specified when `value` is not empty"));
        }
    }

    private static boolean isSubscripted(String fieldPath) {
        return (fieldPath.startsWith("metadata.labels['") || fieldPath.startsWith("metadata.annotations['"))
                && fieldPath.endsWith("']");
    }

    private static void keyRef(List<FieldError> errs, String p, String name, String key) {
        if (str(name).isEmpty()) {
            errs.add(FieldError.required(p + ".name", ""));
        }
        FieldChecks.requiredThen(errs, p + ".key", str(key), NameRules::isConfigMapKey);
    }

    private static void envFrom(List<FieldError> errs, List<EnvFromSource> sources, String p) {
        if (sources == null) {
            return;
        }
        for (int i = 0; i < sources.size(); i++) {
            EnvFromSource s = sources.get(i);
            String ip = p + "[" + i + "]";
            if (s.getPrefix() != null && !s.getPrefix().isEmpty()) {
                FieldChecks.each(errs, ip + ".prefix", s.getPrefix(), NameRules::isEnvVarName);
            }
            int n = 0;
            if (s.getConfigMapRef() != null) {
                n++;
                if (str(s.getConfigMapRef().getName()).isEmpty()) {
                    errs.add(FieldError.required(ip + ".configMapRef.name", ""));
                }
            }
            if (s.getSecretRef() != null) {
                n++;
                if (str(s.getSecretRef().getName()).isEmpty()) {
                    errs.add(FieldError.required(ip + ".secretRef.name", ""));
                }
            }
            if (n == 0) {
                errs.add(FieldError.invalid(ip, "", "must specify one of: `configMapRef` or `secretRef`"));
            } else if (n > 1) {
                errs.add(FieldError.invalid(ip, "", "may not have more than one field specified at a time"));
            }
        }
    }

    private static void volumeMounts(List<FieldError> errs, List<VolumeMount> mounts, String p, Set<String> volumes) {
        if (mounts == null) {
            return;
        }
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            VolumeMount m = mounts.get(i);
            String ip = p + "[" + i + "]";
            String name = str(m.getName());
            if (name.isEmpty()) {
                errs.add(FieldError.required(ip + ".name", ""));
            } else if (!volumes.contains(name)) {
                errs.add(FieldError.notFound(ip + ".name", name));
            }
            String mountPath = str(m.getMountPath());
            if (mountPath.isEmpty()) {
                errs.add(FieldError.required(ip + ".mountPath", ""));
            } else if (!paths.add(mountPath)) {
                errs.add(FieldError.invalid(ip + ".mountPath", mountPath, "must be unique"));
            }
            if (!str(m.getSubPath()).isEmpty()) {
                VolumeValidation.localDescendingPath(errs, ip + ".subPath", m.getSubPath());
            }
            if (!str(m.getSubPath()).isEmpty() && !str(m.getSubPathExpr()).isEmpty()) {
                errs.add(FieldError.invalid(ip + ".subPathExpr", m.getSubPathExpr(),
                        "subPathExpr and subPath are mutually exclusive"));
            }
            if (m.getMountPropagation() != null && !PROPAGATIONS.contains(m.getMountPropagation())) {
                errs.add(FieldError.notSupported(ip + ".mountPropagation", m.getMountPropagation(), PROPAGATIONS));
            }
        }
    }

    static String str(String s) {
        return s == null ? "" : s;
    }
}
