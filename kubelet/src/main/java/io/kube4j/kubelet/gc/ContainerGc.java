package io.kube4j.kubelet.gc;

import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container garbage collection as upstream's container GC does it, over the containers and
 * sandboxes the kubelet made (those labelled with a pod UID):
 * <ol>
 *   <li>dead containers (not running, created more than the minimum age ago) are grouped by pod UID
 *       and container name; once the pod sources are ready, every group of a pod the kubelet no
 *       longer knows is removed whole; then each group keeps only its newest
 *       {@code maxPerPodContainer}, then the node only its newest {@code maxContainers};</li>
 *   <li>sandboxes that are not ready and hold no container are removed: all of them for a pod the
 *       kubelet no longer knows, all but the newest for a pod it knows (ready sandboxes and those
 *       with containers are never removed; killing a deleted pod is the pod lifecycle's work);</li>
 *   <li>the log directory ({@code NAMESPACE_NAME_UID}) of a pod the kubelet no longer knows and
 *       the runtime no longer has is removed.</li>
 * </ol>
 *
 * <p>Thread-safe (one collection at a time). The runtime belongs to the caller.
 */
public final class ContainerGc {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerGc.class);

    /** What a collection removed. */
    public record Result(List<String> containers, List<String> sandboxes, List<Path> logDirectories) {
        public Result {
            containers = List.copyOf(containers);
            sandboxes = List.copyOf(sandboxes);
            logDirectories = List.copyOf(logDirectories);
        }
    }

    private record Dead(String id, String podUid, String name, Instant createdAt, boolean unknown) {}

    private final ContainerRuntime runtime;
    private final ContainerGcPolicy policy;
    private final Supplier<Set<String>> knownPods;
    private final BooleanSupplier sourcesReady;
    private final Path podLogsRoot;
    private final InstantSource clock;

    /**
     * @param knownPods the UIDs of the pods the kubelet knows (from the API and static manifests)
     * @param sourcesReady whether {@code knownPods} is complete (false until the kubelet has listed its pods
     *     after a start: until then nothing is removed for being unknown)
     * @param podLogsRoot the pods' log root (upstream: /var/log/pods), or null to leave logs alone
     */
    public ContainerGc(ContainerRuntime runtime, ContainerGcPolicy policy, Supplier<Set<String>> knownPods, BooleanSupplier sourcesReady,
            Path podLogsRoot, InstantSource clock) {
        this.runtime = runtime;
        this.policy = policy;
        this.knownPods = knownPods;
        this.sourcesReady = sourcesReady;
        this.podLogsRoot = podLogsRoot;
        this.clock = clock;
    }

    /** One collection. Failures to remove one object are logged and the rest goes on. */
    public synchronized Result collect() {
        boolean ready = sourcesReady.getAsBoolean();
        Set<String> known = ready ? Set.copyOf(knownPods.get()) : Set.of();
        List<String> containers = evictContainers(ready, known);
        List<String> sandboxes = evictSandboxes(ready, known);
        List<Path> logs = ready ? evictLogDirectories(known) : List.of();
        return new Result(containers, sandboxes, logs);
    }

    private List<String> evictContainers(boolean ready, Set<String> known) {
        Instant newest = clock.instant().minus(policy.minAge());
        Map<String, List<Dead>> units = new LinkedHashMap<>();
        for (ContainerStatus c : runtime.listContainers()) {
            String uid = c.labels().get(RuntimeLabels.POD_UID);
            if (uid == null || c.state() instanceof ContainerState.Running) {
                continue;
            }
            Instant created = c.state().createdAt();
            if (created != null && newest.isBefore(created)) {
                continue;
            }
            units.computeIfAbsent(uid + "/" + c.name(), k -> new ArrayList<>())
                    .add(new Dead(c.id(), uid, c.name(), created == null ? Instant.EPOCH : created, c.state() instanceof ContainerState.Unknown));
        }
        List<String> removed = new ArrayList<>();
        if (ready) {
            units.entrySet().removeIf(e -> {
                if (known.contains(e.getValue().getFirst().podUid())) {
                    return false;
                }
                removeOldest(e.getValue(), e.getValue().size(), removed);
                return true;
            });
        }
        if (policy.maxPerPodContainer() >= 0) {
            for (List<Dead> unit : units.values()) {
                int excess = unit.size() - policy.maxPerPodContainer();
                if (excess > 0) {
                    removeOldest(unit, excess, removed);
                }
            }
        }
        if (policy.maxContainers() >= 0) {
            List<Dead> all = new ArrayList<>();
            units.values().forEach(all::addAll);
            all.removeIf(d -> removed.contains(d.id()));
            int excess = all.size() - policy.maxContainers();
            if (excess > 0) {
                removeOldest(all, excess, removed);
            }
        }
        return removed;
    }

    /** Removes the {@code n} oldest of {@code unit} (killing any of unknown state first, as upstream does). */
    private void removeOldest(List<Dead> unit, int n, List<String> removed) {
        List<Dead> sorted = new ArrayList<>(unit);
        sorted.sort(Comparator.comparing(Dead::createdAt));
        for (Dead d : sorted.subList(0, Math.min(n, sorted.size()))) {
            if (removed.contains(d.id())) {
                continue;
            }
            try {
                if (d.unknown()) {
                    runtime.stopContainer(d.id(), Duration.ZERO);
                }
                runtime.removeContainer(d.id());
                removed.add(d.id());
                LOG.debug("removed dead container {} ({} of pod {})", d.id(), d.name(), d.podUid());
            } catch (RuntimeException e) {
                LOG.warn("dead container {} not removed: {}", d.id(), e.getMessage());
            }
        }
    }

    private List<String> evictSandboxes(boolean ready, Set<String> known) {
        Set<String> withContainers = new HashSet<>();
        for (ContainerStatus c : runtime.listContainers()) {
            withContainers.add(c.sandboxId());
        }
        Map<String, List<SandboxStatus>> byPod = new LinkedHashMap<>();
        for (SandboxStatus s : runtime.listSandboxes()) {
            String uid = s.labels().get(RuntimeLabels.POD_UID);
            if (uid == null) {
                uid = s.config().uid();
            }
            byPod.computeIfAbsent(uid, k -> new ArrayList<>()).add(s);
        }
        List<String> removed = new ArrayList<>();
        for (var e : byPod.entrySet()) {
            List<SandboxStatus> sandboxes = new ArrayList<>(e.getValue());
            sandboxes.sort(Comparator.comparing(SandboxStatus::createdAt).reversed());
            boolean podGone = ready && !known.contains(e.getKey());
            // keep the newest sandbox of a pod that still exists
            List<SandboxStatus> candidates = podGone ? sandboxes : sandboxes.subList(1, sandboxes.size());
            for (SandboxStatus s : candidates) {
                if (s.state() == SandboxStatus.State.READY || withContainers.contains(s.id())) {
                    continue;
                }
                try {
                    runtime.removeSandbox(s.id());
                    removed.add(s.id());
                    LOG.debug("removed sandbox {} of pod {}", s.id(), e.getKey());
                } catch (RuntimeException ex) {
                    LOG.warn("sandbox {} not removed: {}", s.id(), ex.getMessage());
                }
            }
        }
        return removed;
    }

    private List<Path> evictLogDirectories(Set<String> known) {
        if (podLogsRoot == null || !Files.isDirectory(podLogsRoot)) {
            return List.of();
        }
        Set<String> present = new HashSet<>();
        runtime.listSandboxes().forEach(s -> present.add(s.config().uid()));
        runtime.listContainers().forEach(c -> {
            String uid = c.labels().get(RuntimeLabels.POD_UID);
            if (uid != null) {
                present.add(uid);
            }
        });
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(podLogsRoot)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                int underscore = name.lastIndexOf('_');
                if (underscore < 0 || !Files.isDirectory(dir)) {
                    continue;
                }
                String uid = name.substring(underscore + 1);
                if (known.contains(uid) || present.contains(uid)) {
                    continue;
                }
                deleteTree(dir);
                removed.add(dir);
            }
        } catch (IOException e) {
            LOG.warn("pod log directories not collected: {}", e.getMessage());
        }
        return removed;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("log directory {} not removed: {}", dir, e.getMessage());
        }
    }
}
