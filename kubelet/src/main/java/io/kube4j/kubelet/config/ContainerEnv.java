package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.kube4j.kubelet.events.KubeletEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A container's environment as upstream's makeEnvironmentVariables: envFrom first (prefix, invalid
 * names skipped with an InvalidEnvironmentVariableNames event, optional sources may be missing),
 * then env in order (values {@code $(VAR)}-expanded against what is defined so far and the service
 * variables; valueFrom resolved), then the service variables not already defined. Upstream's order
 * is a Go map's (random); this one is stable: envFrom keys, then env, then services by name.
 *
 * <p>One instance per container config; not thread-safe.
 */
final class ContainerEnv {

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private final Pod pod;
    private final Container container;
    private final List<String> podIps;
    private final ObjectSource source;
    private final Supplier<List<String>> hostIps;
    private final Supplier<Map<String, Quantity>> allocatable;
    private final KubeletEvents events;
    private final Map<String, ConfigMap> configMaps = new HashMap<>();
    private final Map<String, Secret> secrets = new HashMap<>();

    ContainerEnv(Pod pod, Container container, List<String> podIps, ObjectSource source,
            Supplier<List<String>> hostIps, Supplier<Map<String, Quantity>> allocatable, KubeletEvents events) {
        this.pod = pod;
        this.container = container;
        this.podIps = podIps;
        this.source = source;
        this.hostIps = hostIps;
        this.allocatable = allocatable;
        this.events = events;
    }

    /** The variables, name to value, in the container's order. */
    Map<String, String> resolve() throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        Boolean links = pod.getSpec().getEnableServiceLinks();
        Map<String, String> serviceEnv = read(() -> ServiceEnv.forPod(source, ns, links == null || links));
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : list(container.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            Map<String, String> values;
            String kind;
            String name;
            if (from.getConfigMapRef() != null) {
                kind = "configMap";
                name = from.getConfigMapRef().getName();
                ConfigMap cm = configMap(name, Boolean.TRUE.equals(from.getConfigMapRef().getOptional()));
                if (cm == null) {
                    continue;
                }
                values = cm.getData() == null ? Map.of() : cm.getData();
            } else if (from.getSecretRef() != null) {
                kind = "secret";
                name = from.getSecretRef().getName();
                Secret s = secret(name, Boolean.TRUE.equals(from.getSecretRef().getOptional()));
                if (s == null) {
                    continue;
                }
                values = secretData(s);
            } else {
                continue;
            }
            List<String> invalid = new ArrayList<>();
            for (var e : values.entrySet()) {
                String key = prefix + e.getKey();
                if (!ENV_NAME.matcher(key).matches()) {
                    invalid.add(key);
                    continue;
                }
                env.put(key, e.getValue());
            }
            if (!invalid.isEmpty() && events != null) {
                invalid.sort(null);
                events.pod(pod, null, "Warning", "InvalidEnvironmentVariableNames",
                        "Keys [%s] from the EnvFrom %s %s/%s were skipped since they are considered invalid environment variable names."
                                .formatted(String.join(", ", invalid), kind, ns, name));
            }
        }
        for (EnvVar var : list(container.getEnv())) {
            String value = var.getValue() == null ? "" : var.getValue();
            if (!value.isEmpty()) {
                value = EnvExpansion.expand(value, EnvExpansion.lookupIn(env, serviceEnv));
            } else if (var.getValueFrom() != null) {
                String resolved = valueFrom(var.getValueFrom());
                if (resolved == null) {
                    continue; // an optional source that is missing: upstream leaves the variable out
                }
                value = resolved;
            }
            env.put(var.getName(), value);
        }
        serviceEnv.forEach(env::putIfAbsent);
        return env;
    }

    private String valueFrom(EnvVarSource from) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        if (from.getFieldRef() != null) {
            String path = from.getFieldRef().getFieldPath();
            return switch (path) {
                case "spec.nodeName" -> nz(pod.getSpec().getNodeName());
                case "spec.serviceAccountName" -> nz(pod.getSpec().getServiceAccountName());
                case "status.hostIP" -> hostIps.get().isEmpty() ? "" : hostIps.get().getFirst();
                case "status.hostIPs" -> String.join(",", hostIps.get());
                case "status.podIP" -> podIps.isEmpty() ? "" : podIps.getFirst();
                case "status.podIPs" -> String.join(",", podIps);
                default -> {
                    try {
                        yield DownwardApi.metadataField(pod, path);
                    } catch (IllegalArgumentException e) {
                        throw new ContainerConfigException(e.getMessage());
                    }
                }
            };
        }
        if (from.getResourceFieldRef() != null) {
            try {
                return DownwardApi.resourceValue(from.getResourceFieldRef(), container, allocatable.get());
            } catch (IllegalArgumentException e) {
                throw new ContainerConfigException(e.getMessage());
            }
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            ConfigMap cm = configMap(ref.getName(), optional);
            if (cm == null) {
                return null;
            }
            String v = cm.getData() == null ? null : cm.getData().get(ref.getKey());
            if (v == null && cm.getBinaryData() != null && cm.getBinaryData().containsKey(ref.getKey())) {
                v = decode(cm.getBinaryData().get(ref.getKey()));
            }
            if (v == null && !optional) {
                throw new ContainerConfigException("couldn't find key %s in ConfigMap %s/%s".formatted(ref.getKey(), ns, ref.getName()));
            }
            return v;
        }
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Secret s = secret(ref.getName(), optional);
            if (s == null) {
                return null;
            }
            String v = secretData(s).get(ref.getKey());
            if (v == null && !optional) {
                throw new ContainerConfigException("couldn't find key %s in Secret %s/%s".formatted(ref.getKey(), ns, ref.getName()));
            }
            return v;
        }
        return "";
    }

    private ConfigMap configMap(String name, boolean optional) throws ContainerConfigException {
        ConfigMap cm = configMaps.get(name);
        if (cm == null) {
            cm = read(() -> source.configMap(pod.getMetadata().getNamespace(), name));
            if (cm == null) {
                if (optional) {
                    return null;
                }
                throw new ContainerConfigException("configmap \"" + name + "\" not found");
            }
            configMaps.put(name, cm);
        }
        return cm;
    }

    private Secret secret(String name, boolean optional) throws ContainerConfigException {
        Secret s = secrets.get(name);
        if (s == null) {
            s = read(() -> source.secret(pod.getMetadata().getNamespace(), name));
            if (s == null) {
                if (optional) {
                    return null;
                }
                throw new ContainerConfigException("secret \"" + name + "\" not found");
            }
            secrets.put(name, s);
        }
        return s;
    }

    private static <T> T read(Supplier<T> read) throws ContainerConfigException {
        try {
            return read.get();
        } catch (ObjectSource.ObjectSourceException e) {
            throw new ContainerConfigException(e.getMessage());
        }
    }

    /** A Secret's values as text: data (base64) decoded, stringData (if a client left it) as is. */
    static Map<String, String> secretData(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, decode(v)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    private static String decode(String base64) {
        return new String(Base64.getMimeDecoder().decode(base64 == null ? "" : base64), StandardCharsets.UTF_8);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
