package io.kube4j.runtime;

import java.util.List;
import java.util.Map;

/**
 * The parts of an image's config a container is built from (OCI image config's "config").
 *
 * @param user "" for root, else "uid", "uid:gid", "name" or "name:group" (resolved in the image's /etc/passwd)
 * @param stopSignal e.g. "SIGTERM"; empty for the default
 */
public record ImageConfig(
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        String stopSignal,
        List<String> exposedPorts,
        Map<String, String> labels) {

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        exposedPorts = List.copyOf(exposedPorts);
        labels = Map.copyOf(labels);
    }
}
