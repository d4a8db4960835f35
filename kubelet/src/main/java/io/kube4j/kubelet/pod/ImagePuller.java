package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.credentials.CredentialPull;
import io.kube4j.kubelet.credentials.PullCredentials;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.kubelet.status.ContainerWaiting;
import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RuntimeFailure;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Makes a container's image present by its imagePullPolicy (upstream's imageManager.EnsureImageExists):
 * Never uses only what is present (ErrImageNeverPull), IfNotPresent pulls when missing, Always
 * pulls every time; a failed pull is ErrImagePull and, within the back-off that follows it,
 * ImagePullBackOff without pulling. Events as upstream's: Pulling, Pulled, Failed, BackOff,
 * ErrImageNeverPull. Thread-safe.
 */
final class ImagePuller {

    private final ImageService images;
    private final KubeletEvents events;
    private final Backoff backoff;
    private final InstantSource clock;
    private final PullCredentials credentials;

    ImagePuller(ImageService images, KubeletEvents events, Backoff backoff, InstantSource clock, PullCredentials credentials) {
        this.images = images;
        this.events = events;
        this.backoff = backoff;
        this.clock = clock;
        this.credentials = credentials;
    }

    /** The image's status once present, or why the container must wait. */
    sealed interface Result {}

    record Present(ImageStatus image) implements Result {}

    record Waiting(ContainerWaiting waiting) implements Result {}

    Result ensure(Pod pod, Container container, String fieldPath) {
        String image = container.getImage();
        String policy = pullPolicy(container);
        Optional<ImageStatus> present = "Always".equals(policy) ? Optional.empty() : images.image(image);
        if (present.isPresent()) {
            events.pod(pod, fieldPath, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine");
            return new Present(present.get());
        }
        if ("Never".equals(policy)) {
            String msg = "Container image \"" + image + "\" is not present with pull policy of Never";
            events.pod(pod, fieldPath, "Warning", "ErrImageNeverPull", msg);
            return new Waiting(new ContainerWaiting("ErrImageNeverPull", msg));
        }
        String key = pod.getMetadata().getUid() + "/" + image;
        if (backoff.inBackoffSinceUpdate(key)) {
            String msg = "Back-off pulling image \"" + image + "\"";
            events.pod(pod, fieldPath, "Normal", "BackOff", msg);
            events.pod(pod, fieldPath, "Warning", "Failed", "Error: ImagePullBackOff");
            return new Waiting(new ContainerWaiting("ImagePullBackOff", msg));
        }
        events.pod(pod, fieldPath, "Normal", "Pulling", "Pulling image \"" + image + "\"");
        long start = clock.millis();
        try {
            ImageStatus pulled = CredentialPull.pull(images, image, credentials.lookup(pod, image));
            Duration took = Duration.ofMillis(clock.millis() - start);
            events.pod(pod, fieldPath, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in "
                    + Backoff.goDuration(took) + " (" + Backoff.goDuration(took) + " including waiting). Image size: "
                    + pulled.sizeBytes() + " bytes.");
            return new Present(pulled);
        } catch (RuntimeFailure e) {
            backoff.next(key, clock.instant());
            events.pod(pod, fieldPath, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + e.getMessage());
            events.pod(pod, fieldPath, "Warning", "Failed", "Error: ErrImagePull");
            String reason = e.reason() == RuntimeFailure.Reason.INVALID_IMAGE_NAME ? "InvalidImageName" : "ErrImagePull";
            return new Waiting(new ContainerWaiting(reason, e.getMessage()));
        }
    }

    /** When the image back-off of the pod's image ends, zero if it is not backing off. */
    Duration retryIn(Pod pod, Container container) {
        String key = pod.getMetadata().getUid() + "/" + container.getImage();
        return backoff.inBackoffSinceUpdate(key) ? backoff.get(key) : Duration.ZERO;
    }

    /** The policy, defaulted as the API does when it is missing: Always for ":latest" or no tag, else IfNotPresent. */
    static String pullPolicy(Container c) {
        if (c.getImagePullPolicy() != null && !c.getImagePullPolicy().isEmpty()) {
            return c.getImagePullPolicy();
        }
        String image = c.getImage();
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.endsWith(":latest") ? "Always" : "IfNotPresent";
    }
}
