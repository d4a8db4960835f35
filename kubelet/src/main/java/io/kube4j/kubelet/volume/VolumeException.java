package io.kube4j.kubelet.volume;

/**
 * A volume could not be set up. The message is upstream's FailedMount text, e.g.
 * {@code MountVolume.SetUp failed for volume "config" : configmap "app" not found}.
 */
public class VolumeException extends Exception {

    private final String volume;

    public VolumeException(String volume, String message) {
        super(message);
        this.volume = volume;
    }

    public String volume() {
        return volume;
    }
}
