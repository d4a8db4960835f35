package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The hash stamped on a container instance ({@code io.kubernetes.container.hash}) to see that its
 * spec changed. A pod's containers may only change their image once created (API validation), so
 * the hash covers the name and image: stable across kubelet restarts and API field defaulting,
 * which a hash of the whole serialized spec would not be.
 */
final class ContainerHash {

    private ContainerHash() {}

    static String of(Container c) {
        CRC32 crc = new CRC32();
        crc.update((c.getName() + "\u0000" + c.getImage()).getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
