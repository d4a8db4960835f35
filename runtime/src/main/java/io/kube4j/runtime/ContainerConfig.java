package io.kube4j.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a container is made of (CRI's ContainerConfig), all of it already resolved by the kubelet
 * from the pod: environment values, host paths of volumes, cgroup values.
 *
 * @param name the container's name in its pod
 * @param attempt its restart count (0 first)
 * @param image the image reference or id; it must be present ({@link ImageService})
 * @param command replaces the image's ENTRYPOINT when not empty (Kubernetes' command)
 * @param args replaces the image's CMD when not empty, or when command is set (Kubernetes' args)
 * @param workingDir empty: the image's
 * @param env "NAME=value" each, in order; added to (and overriding) the image's
 * @param mounts bind mounts, in order
 * @param logPath the container's log file (CRI log format), relative to the sandbox's log directory
 * @param stdin keep stdin open (for attach)
 * @param stdinOnce close stdin after the first attach ends
 * @param tty give the process a terminal
 * @param resources cgroup limits
 * @param security the process's identity and privileges
 * @param labels stored and returned as given ({@link RuntimeLabels})
 * @param annotations stored and returned as given
 */
public record ContainerConfig(
        String name,
        int attempt,
        String image,
        List<String> command,
        List<String> args,
        String workingDir,
        List<String> env,
        List<Mount> mounts,
        String logPath,
        boolean stdin,
        boolean stdinOnce,
        boolean tty,
        Resources resources,
        Security security,
        Map<String, String> labels,
        Map<String, String> annotations) {

    public ContainerConfig {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /**
     * A bind mount of {@code hostPath} at {@code containerPath}; {@code propagation} is
     * "private", "rslave" (HostToContainer) or "rshared" (Bidirectional).
     */
    public record Mount(String containerPath, Path hostPath, boolean readOnly, String propagation) {}

    /**
     * The container's cgroup values; 0 means unset (no limit).
     *
     * @param cpuShares relative CPU weight (upstream: requests.cpu in millicores * 1024 / 1000, at least 2)
     * @param cpuQuotaMicros CPU time per period (limits.cpu * period)
     * @param cpuPeriodMicros the CFS period (100000)
     * @param memoryLimitBytes the memory limit; exceeding it OOM-kills
     * @param pidsLimit the most processes
     * @param oomScoreAdj the process's oom_score_adj (the runtime raises a negative value the host refuses to 0)
     */
    public record Resources(
            long cpuShares, long cpuQuotaMicros, long cpuPeriodMicros, long memoryLimitBytes, long pidsLimit, int oomScoreAdj) {
        public static final Resources NONE = new Resources(0, 0, 0, 0, 0, 0);
    }

    /**
     * The process's identity and privileges.
     *
     * @param runAsUser null: the image's user
     * @param runAsGroup null: the user's primary group
     * @param capabilitiesAdd added to the runtime's default set ("NET_ADMIN", without "CAP_")
     * @param capabilitiesDrop removed from it ("ALL" drops every one)
     * @param seccomp the seccomp profile
     * @param appArmorProfile null or empty: none; the runtime refuses a profile the host cannot apply
     */
    public record Security(
            Long runAsUser,
            Long runAsGroup,
            List<Long> supplementalGroups,
            boolean privileged,
            boolean readOnlyRootFilesystem,
            boolean noNewPrivileges,
            List<String> capabilitiesAdd,
            List<String> capabilitiesDrop,
            Seccomp seccomp,
            String appArmorProfile) {

        public static final Security DEFAULT =
                new Security(null, null, List.of(), false, false, false, List.of(), List.of(), new Seccomp.Unconfined(), null);

        public Security {
            supplementalGroups = List.copyOf(supplementalGroups);
            capabilitiesAdd = List.copyOf(capabilitiesAdd);
            capabilitiesDrop = List.copyOf(capabilitiesDrop);
        }
    }

    /** A container's seccomp profile. */
    public sealed interface Seccomp {
        /** No filter (Kubernetes' default when the pod names none). */
        record Unconfined() implements Seccomp {}

        /** The runtime's default filter (upstream's RuntimeDefault: blocks what containers should not call). */
        record RuntimeDefault() implements Seccomp {}

        /** A profile file (OCI seccomp JSON) on the node. */
        record Localhost(Path profile) implements Seccomp {}
    }
}
