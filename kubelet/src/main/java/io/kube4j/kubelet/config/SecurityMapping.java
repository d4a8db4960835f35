package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.kube4j.runtime.ContainerConfig.Seccomp;
import io.kube4j.runtime.ContainerConfig.Security;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A container's effective security as upstream's determineEffectiveSecurityContext: the
 * container's securityContext over the pod's for runAsUser/Group, seccomp and AppArmor; fsGroup
 * then supplementalGroups from the pod; privileged, capabilities, readOnlyRootFilesystem and
 * allowPrivilegeEscalation (false: no_new_privs) from the container. Stateless.
 */
public final class SecurityMapping {

    /** The deprecated per-container AppArmor annotation prefix (still honoured upstream). */
    static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

    private SecurityMapping() {}

    public static Security of(Pod pod, Container container, Path seccompDir) throws ContainerConfigException {
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        SecurityContext sc = container.getSecurityContext();
        Long runAsUser = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : psc == null ? null : psc.getRunAsUser();
        Long runAsGroup = sc != null && sc.getRunAsGroup() != null ? sc.getRunAsGroup() : psc == null ? null : psc.getRunAsGroup();
        Boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : psc == null ? null : psc.getRunAsNonRoot();
        if (Boolean.TRUE.equals(nonRoot) && runAsUser != null && runAsUser == 0) {
            throw new ContainerConfigException("container's runAsUser breaks non-root policy (pod: \"%s_%s(%s)\", container: %s)"
                    .formatted(pod.getMetadata().getName(), pod.getMetadata().getNamespace(), pod.getMetadata().getUid(), container.getName()));
        }
        List<Long> groups = new ArrayList<>();
        if (psc != null) {
            if (psc.getFsGroup() != null) {
                groups.add(psc.getFsGroup());
            }
            if (psc.getSupplementalGroups() != null) {
                groups.addAll(psc.getSupplementalGroups());
            }
        }
        List<String> add = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        if (sc != null && sc.getCapabilities() != null) {
            if (sc.getCapabilities().getAdd() != null) {
                sc.getCapabilities().getAdd().forEach(c -> add.add(capability(c)));
            }
            if (sc.getCapabilities().getDrop() != null) {
                sc.getCapabilities().getDrop().forEach(c -> drop.add(capability(c)));
            }
        }
        SeccompProfile seccomp = sc != null && sc.getSeccompProfile() != null ? sc.getSeccompProfile()
                : psc == null ? null : psc.getSeccompProfile();
        return new Security(runAsUser, runAsGroup, groups,
                sc != null && Boolean.TRUE.equals(sc.getPrivileged()),
                sc != null && Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()),
                sc != null && Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()),
                add, drop, seccomp(seccomp, seccompDir), appArmor(pod, container));
    }

    static Seccomp seccomp(SeccompProfile profile, Path seccompDir) throws ContainerConfigException {
        if (profile == null || profile.getType() == null) {
            return new Seccomp.Unconfined();
        }
        return switch (profile.getType()) {
            case "RuntimeDefault" -> new Seccomp.RuntimeDefault();
            case "Unconfined" -> new Seccomp.Unconfined();
            case "Localhost" -> {
                String rel = profile.getLocalhostProfile();
                if (rel == null || rel.isEmpty()) {
                    throw new ContainerConfigException("localhostProfile must be set if seccompProfile type is Localhost.");
                }
                Path resolved = seccompDir.resolve(rel).normalize();
                if (Path.of(rel).isAbsolute() || !resolved.startsWith(seccompDir.normalize())) {
                    throw new ContainerConfigException("localhostProfile \"" + rel + "\" must be a path relative to " + seccompDir);
                }
                yield new Seccomp.Localhost(resolved);
            }
            default -> throw new ContainerConfigException("unknown seccomp profile type " + profile.getType());
        };
    }

    /** "runtime/default", "localhost/NAME" or null (none / unconfined), from the field or the old annotation. */
    static String appArmor(Pod pod, Container container) throws ContainerConfigException {
        AppArmorProfile p = container.getSecurityContext() != null ? container.getSecurityContext().getAppArmorProfile() : null;
        if (p == null && pod.getSpec().getSecurityContext() != null) {
            p = pod.getSpec().getSecurityContext().getAppArmorProfile();
        }
        if (p != null && p.getType() != null) {
            return switch (p.getType()) {
                case "RuntimeDefault" -> "runtime/default";
                case "Unconfined" -> null;
                case "Localhost" -> {
                    if (p.getLocalhostProfile() == null || p.getLocalhostProfile().isEmpty()) {
                        throw new ContainerConfigException("localhostProfile must be set if AppArmor type is Localhost");
                    }
                    yield "localhost/" + p.getLocalhostProfile();
                }
                default -> throw new ContainerConfigException("unknown AppArmor profile type " + p.getType());
            };
        }
        var annotations = pod.getMetadata().getAnnotations();
        String old = annotations == null ? null : annotations.get(APPARMOR_ANNOTATION + container.getName());
        if (old == null || old.isEmpty() || old.equals("unconfined")) {
            return null;
        }
        if (old.equals("runtime/default") || old.startsWith("localhost/")) {
            return old;
        }
        throw new ContainerConfigException("invalid AppArmor profile name: \"" + old + "\"");
    }

    private static String capability(String c) {
        String up = c.toUpperCase(Locale.ROOT);
        return up.startsWith("CAP_") ? up.substring(4) : up;
    }
}
