package io.kube4j.runtime.simulated;

import io.kube4j.runtime.ImageConfig;
import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The image store of a simulated node: a pull downloads nothing, it waits the configured delay and
 * records an image with a plausible config (a shell as CMD, the usual PATH) and an id derived from
 * the reference, so that the same reference has the same id on every simulated node.
 *
 * <p>Thread-safe. Images live in memory only.
 */
final class SimulatedImages implements ImageService {

    private static final ImageConfig CONFIG = new ImageConfig(List.of(), List.of("/bin/sh"),
            List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), "", "", "", List.of(), Map.of());
    private static final long CAPACITY = 100L << 30;

    private final Duration pullDelay;
    private final Map<String, ImageStatus> byTag = new ConcurrentHashMap<>();

    SimulatedImages(Duration pullDelay) {
        this.pullDelay = pullDelay;
    }

    @Override
    public ImageStatus pull(String reference, RegistryAuth auth) {
        String tag = normalize(reference);
        if (!pullDelay.isZero()) {
            try {
                Thread.sleep(pullDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeFailure(RuntimeFailure.Reason.IMAGE_PULL, "interrupted while pulling " + reference, e);
            }
        }
        return byTag.computeIfAbsent(tag, t -> {
            byte[] digest = sha256(t);
            String repository = t.contains("@") ? t.substring(0, t.indexOf('@')) : t.substring(0, t.lastIndexOf(':'));
            long size = (4L << 20) + ((digest[0] & 0xffL) << 16); // 4 to 20 MB, stable per image
            return new ImageStatus("sha256:" + HexFormat.of().formatHex(digest), t.contains("@") ? List.of() : List.of(t),
                    List.of(repository + "@sha256:" + HexFormat.of().formatHex(sha256("manifest " + t))), size, CONFIG);
        });
    }

    @Override
    public Optional<ImageStatus> image(String referenceOrId) {
        if (referenceOrId.startsWith("sha256:")) {
            return byTag.values().stream().filter(i -> i.id().equals(referenceOrId)).findFirst();
        }
        try {
            return Optional.ofNullable(byTag.get(normalize(referenceOrId)));
        } catch (RuntimeFailure invalid) {
            return Optional.empty();
        }
    }

    @Override
    public List<ImageStatus> list() {
        return byTag.values().stream().distinct().toList();
    }

    @Override
    public void remove(String referenceOrId) {
        if (referenceOrId.startsWith("sha256:")) {
            byTag.values().removeIf(i -> i.id().equals(referenceOrId));
        } else {
            try {
                byTag.remove(normalize(referenceOrId));
            } catch (RuntimeFailure invalid) {
                // an unknown (unparsable) reference: nothing to remove
            }
        }
    }

    @Override
    public List<ImageStatus> importArchive(Path archive) {
        throw new RuntimeFailure(RuntimeFailure.Reason.UNSUPPORTED, "the simulated runtime imports no archives");
    }

    @Override
    public ImageFsUsage usage() {
        long used = list().stream().mapToLong(ImageStatus::sizeBytes).sum();
        return new ImageFsUsage(used, CAPACITY, CAPACITY - used);
    }

    /** Upstream's normalisation: "busybox" is "docker.io/library/busybox:latest". */
    static String normalize(String reference) {
        if (reference == null || reference.isBlank() || reference.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(reference);
        }
        String name = reference;
        String suffix = "";
        int at = name.indexOf('@');
        if (at >= 0) {
            suffix = name.substring(at);
            name = name.substring(0, at);
        }
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (!hasRegistry) {
            name = "docker.io/" + (slash < 0 ? "library/" : "") + name;
        }
        int tag = name.lastIndexOf(':') > name.lastIndexOf('/') ? name.lastIndexOf(':') : name.length();
        if (name.substring(0, tag).chars().anyMatch(Character::isUpperCase) || name.endsWith("/") || name.endsWith(":")) {
            throw invalid(reference); // repository names are lower case
        }
        if (suffix.isEmpty() && tag == name.length()) {
            name = name + ":latest";
        }
        return name + suffix;
    }

    private static RuntimeFailure invalid(String reference) {
        return new RuntimeFailure(RuntimeFailure.Reason.INVALID_IMAGE_NAME, "invalid image reference \"" + reference + "\"");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
