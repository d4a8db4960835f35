package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.volume.PodVolumes;
import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.SandboxConfig;

/**
 * Turns a pod into what the runtime runs: the sandbox (hostname, DNS, hosts, ports, namespaces,
 * cgroup parent by QoS class) and each container (command and args, env with envFrom and the
 * downward API, volume mounts with subPath, /etc/hosts and the termination-message file, resources
 * to cgroup values, securityContext). Upstream's kubelet "generateContainerConfig".
 *
 * <p>Thread-safe.
 */
public interface RuntimeConfigs {

    /** The sandbox for the pod's {@code attempt}-th sandbox (0 first). */
    SandboxConfig sandbox(Pod pod, int attempt);

    /**
     * The config of one container (init or app) of the pod, for its {@code restartCount}-th run.
     *
     * @param podIps the pod's IPs (for status.podIP / status.podIPs in the downward API)
     * @throws ContainerConfigException when something it refers to is missing (a ConfigMap or
     *     Secret key that is not optional, a volume not set up): upstream's CreateContainerConfigError
     */
    ContainerConfig container(Pod pod, Container container, int restartCount, PodVolumes volumes, java.util.List<String> podIps)
            throws ContainerConfigException;
}
