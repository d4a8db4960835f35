package io.kube4j.runtime.network;

import io.kube4j.runtime.RuntimeFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The result of each sandbox's ADD, kept on disk (as libcni keeps {@code /var/lib/cni/results}) so
 * that the DEL, even after a restart of the process, passes the plugins their prevResult and the
 * port mappings they were given.
 *
 * <p>Thread-safe: one file per sandbox, written atomically.
 */
final class CniResultCache {

    private final Path dir;
    private final String networkName;

    CniResultCache(Path dir, String networkName) {
        this.dir = dir;
        this.networkName = networkName;
    }

    /** An ADD's record: the chain's final result and the runtime config (port mappings) it was given. */
    record Entry(JsonNode result, JsonNode runtimeConfig) {}

    void put(String sandboxId, String ifName, Entry entry) {
        ObjectNode node = CniPluginRunner.JSON.createObjectNode();
        node.put("kind", "cniCacheV1");
        node.put("containerId", sandboxId);
        node.put("ifName", ifName);
        node.put("networkName", networkName);
        node.set("result", entry.result());
        node.set("runtimeConfig", entry.runtimeConfig());
        Path file = file(sandboxId, ifName);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".tmp-", ".json");
            Files.write(tmp, CniPluginRunner.JSON.writeValueAsBytes(node));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.NETWORK, "cannot cache the CNI result in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The cached ADD, if there is one (none if the ADD failed or the cache was lost: DEL then runs without it). */
    Optional<Entry> get(String sandboxId, String ifName) {
        Path file = file(sandboxId, ifName);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = CniPluginRunner.JSON.readTree(Files.readAllBytes(file));
            JsonNode result = node.get("result");
            JsonNode runtimeConfig = node.get("runtimeConfig");
            return Optional.of(new Entry(result == null || result.isNull() ? null : result,
                    runtimeConfig == null ? CniPluginRunner.JSON.createObjectNode() : runtimeConfig));
        } catch (IOException | JacksonException e) {
            return Optional.empty(); // a torn or foreign file: DEL works without prevResult
        }
    }

    void remove(String sandboxId, String ifName) {
        try {
            Files.deleteIfExists(file(sandboxId, ifName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file(String sandboxId, String ifName) {
        return dir.resolve(networkName + "-" + sandboxId + "-" + ifName);
    }
}
