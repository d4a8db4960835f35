package io.kube4j.scheduler.framework;

/**
 * What the scheduler knows of one container image on a node: its size and on how many nodes of
 * the snapshot it is present (ImageLocality scales by that spread).
 *
 * @param size     bytes, as the node reports it
 * @param numNodes nodes in the snapshot that have the image (at least 1)
 */
public record ImageStateSummary(long size, int numNodes) {

    /**
     * The name under which images are compared: a name with no tag and no digest gets
     * {@code :latest}, as the container runtime would pull it.
     */
    public static String normalizedName(String image) {
        if (image.lastIndexOf(':') <= image.lastIndexOf('/')) {
            return image + ":latest";
        }
        return image;
    }
}
