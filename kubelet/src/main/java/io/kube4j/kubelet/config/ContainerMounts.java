package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kube4j.kubelet.volume.HostVolume;
import io.kube4j.kubelet.volume.PodVolumes;
import io.kube4j.runtime.ContainerConfig.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A container's mounts as upstream's makeMounts: its volumeMounts onto the pod's volumes (subPath
 * or subPathExpr created inside the volume, never escaping it; read-only when the mount or the
 * volume says so; propagation), the kubelet-managed /etc/hosts (when the pod has IPs and the
 * container does not mount its own), and a fresh termination-message file per container run.
 * Stateless; it writes files under the pods directory.
 */
final class ContainerMounts {

    static final String ETC_HOSTS = "/etc/hosts";

    /** The mounts and the host file the termination message is written to (null: none). */
    record Result(List<Mount> mounts, Path terminationMessageFile) {}

    private ContainerMounts() {}

    static Result of(Pod pod, Container container, PodVolumes volumes, Map<String, String> env, PodConfigOptions options,
            List<String> podIps, String hostname, String hostDomain) throws ContainerConfigException {
        List<Mount> mounts = new ArrayList<>();
        boolean mountHosts = !podIps.isEmpty();
        for (VolumeMount vm : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            HostVolume vol = volumes.byName().get(vm.getName());
            if (vol == null) {
                throw new ContainerConfigException("cannot find volume \"%s\" to mount into container \"%s\"".formatted(vm.getName(), container.getName()));
            }
            if (ETC_HOSTS.equals(vm.getMountPath())) {
                mountHosts = false;
            }
            Path hostPath = vol.path();
            String subPath = vm.getSubPath() == null ? "" : vm.getSubPath();
            if (vm.getSubPathExpr() != null && !vm.getSubPathExpr().isEmpty()) {
                TreeSet<String> missing = new TreeSet<>();
                subPath = EnvExpansion.expand(vm.getSubPathExpr(), name -> {
                    String v = env.get(name);
                    if (v == null || v.isEmpty()) {
                        missing.add(name);
                        return "";
                    }
                    return v;
                });
                if (!missing.isEmpty()) {
                    throw new ContainerConfigException("missing value for " + String.join(", ", missing));
                }
            }
            if (!subPath.isEmpty()) {
                hostPath = subPath(vm, container, vol.path(), subPath);
            }
            mounts.add(new Mount(vm.getMountPath(), hostPath, Boolean.TRUE.equals(vm.getReadOnly()) || vol.readOnly(),
                    propagation(vm.getMountPropagation())));
        }
        Path podDir = options.podsDir().resolve(pod.getMetadata().getUid());
        if (mountHosts) {
            mounts.add(new Mount(ETC_HOSTS, hostsFile(pod, podDir, options, podIps, hostname, hostDomain), false, "private"));
        }
        Path termination = null;
        String tmp = container.getTerminationMessagePath() == null ? "/dev/termination-log" : container.getTerminationMessagePath();
        if (!tmp.isEmpty()) {
            termination = terminationFile(podDir.resolve("containers").resolve(container.getName()));
            mounts.add(new Mount(tmp, termination, false, "private"));
        }
        return new Result(mounts, termination);
    }

    private static Path subPath(VolumeMount vm, Container container, Path volume, String subPath) throws ContainerConfigException {
        if (subPath.startsWith("/")) {
            throw new ContainerConfigException("error SubPath `%s` must not be an absolute path".formatted(subPath));
        }
        for (String part : subPath.split("/")) {
            if (part.equals("..")) {
                throw new ContainerConfigException("unable to provision SubPath `%s`: must not contain '..'".formatted(subPath));
            }
        }
        Path target = volume.resolve(subPath);
        try {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                // created now, with the volume's mode, so that it is not root-owned 0755 when a runtime makes it later
                Files.createDirectories(target);
                if (Files.isDirectory(volume)) {
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(volume));
                }
            }
            // a symlink inside the volume must not lead out of it (upstream's safe subpath)
            Path real = target.toRealPath();
            if (!real.startsWith(volume.toRealPath())) {
                throw new ContainerConfigException("subpath \"%s\" not within volume path \"%s\"".formatted(real, volume));
            }
            return real;
        } catch (IOException e) {
            throw new ContainerConfigException("failed to create subPath directory for volumeMount \"%s\" of container \"%s\""
                    .formatted(vm.getName(), container.getName()));
        }
    }

    static String propagation(String mode) {
        if (mode == null) {
            return "private";
        }
        return switch (mode) {
            case "HostToContainer" -> "rslave";
            case "Bidirectional" -> "rshared";
            default -> "private";
        };
    }

    private static Path hostsFile(Pod pod, Path podDir, PodConfigOptions options, List<String> podIps, String hostname,
            String hostDomain) throws ContainerConfigException {
        Path file = podDir.resolve("etc-hosts");
        try {
            String content;
            if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
                String node = Files.exists(options.nodeHostsFile()) ? Files.readString(options.nodeHostsFile()) : "";
                content = HostsFile.hostNetwork(node, pod.getSpec().getHostAliases());
            } else {
                content = HostsFile.managed(podIps, hostname, hostDomain, pod.getSpec().getHostAliases());
            }
            Files.createDirectories(podDir);
            Path tmp = Files.createTempFile(podDir, ".etc-hosts", ".tmp");
            Files.writeString(tmp, content);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new ContainerConfigException("cannot write the hosts file " + file + ": " + e.getMessage());
        }
    }

    private static Path terminationFile(Path containerDir) throws ContainerConfigException {
        try {
            Files.createDirectories(containerDir);
            Path file = containerDir.resolve("%08x".formatted(ThreadLocalRandom.current().nextInt()));
            Files.deleteIfExists(file);
            Files.createFile(file);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
            return file;
        } catch (IOException e) {
            throw new ContainerConfigException("error on creating termination-log file in " + containerDir + ": " + e.getMessage());
        }
    }
}
