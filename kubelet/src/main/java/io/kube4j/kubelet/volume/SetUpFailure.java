package io.kube4j.kubelet.volume;

/** A plugin's reason a volume cannot be set up, upstream's text after "MountVolume.SetUp failed for volume "x" : ". */
final class SetUpFailure extends Exception {

    SetUpFailure(String message) {
        super(message);
    }

    SetUpFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
