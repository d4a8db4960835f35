package io.kube4j.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * Connects a sandbox's network namespace to the node's pod network (CNI: ADD on set-up, DEL on
 * tear-down), and brings up its loopback. A runtime calls it for every sandbox that is not on the
 * host's network.
 *
 * <p>Thread-safe. {@link #tearDown} is idempotent and must succeed for a sandbox whose set-up
 * failed half-way or whose namespace is already gone (it releases the IP all the same).
 */
public interface PodNetwork {

    /**
     * Attaches the namespace at {@code netns} and returns the pod's IPs, the primary first.
     *
     * @throws RuntimeFailure NETWORK, naming the plugin and its error
     */
    List<String> setUp(String sandboxId, SandboxConfig config, Path netns);

    /** Detaches the sandbox and releases its IPs and port mappings. */
    void tearDown(String sandboxId, SandboxConfig config, Path netns);
}
