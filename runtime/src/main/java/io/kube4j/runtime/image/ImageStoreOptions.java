package io.kube4j.runtime.image;

import java.time.Clock;
import java.util.Set;

/**
 * How an {@link ImageStore} reaches registries and keeps time.
 *
 * @param insecureRegistries registries ("host" or "host:port") reached over plain HTTP besides loopback ones
 * @param maxConcurrentDownloads layers downloaded at once by one pull (containerd's default is 3)
 * @param platform "os/arch[/variant]" to pick from an index; the host's by default
 * @param clock the time of pulls and uses, which image GC orders by
 */
public record ImageStoreOptions(Set<String> insecureRegistries, int maxConcurrentDownloads, String platform, Clock clock) {

    public ImageStoreOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        if (maxConcurrentDownloads < 1) {
            throw new IllegalArgumentException("maxConcurrentDownloads must be at least 1");
        }
    }

    public static ImageStoreOptions defaults() {
        return new ImageStoreOptions(Set.of(), 3, Manifests.hostPlatform(), Clock.systemUTC());
    }

    public ImageStoreOptions withInsecureRegistries(Set<String> registries) {
        return new ImageStoreOptions(registries, maxConcurrentDownloads, platform, clock);
    }

    public ImageStoreOptions withClock(Clock clock) {
        return new ImageStoreOptions(insecureRegistries, maxConcurrentDownloads, platform, clock);
    }
}

