package io.kube4j.runtime.image;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * An image as the store's index keeps it.
 *
 * @param id "sha256:" + the config blob's digest
 * @param repoTags normalised tag references naming it
 * @param repoDigests "repository@sha256:..." of the manifests it was pulled or imported by
 * @param layers the diffIDs of its layers, bottom first
 * @param blobs the blobs it holds on to (config, manifests, indexes)
 * @param sizeBytes the unpacked size of its layers
 * @param createdMillis when it came to this node (epoch millis)
 */
public record ImageRecord(
        String id,
        List<String> repoTags,
        List<String> repoDigests,
        List<String> layers,
        List<String> blobs,
        long sizeBytes,
        long createdMillis) {

    public ImageRecord {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        layers = List.copyOf(layers);
        blobs = List.copyOf(blobs);
    }

    /** This image with more names and blobs (duplicates dropped, order kept). */
    ImageRecord plus(List<String> tags, List<String> digests, List<String> moreBlobs) {
        return new ImageRecord(id, union(repoTags, tags), union(repoDigests, digests), layers,
                union(blobs, moreBlobs), sizeBytes, createdMillis);
    }

    ImageRecord withoutTag(String tag) {
        return new ImageRecord(id, repoTags.stream().filter(t -> !t.equals(tag)).toList(), repoDigests, layers, blobs,
                sizeBytes, createdMillis);
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
