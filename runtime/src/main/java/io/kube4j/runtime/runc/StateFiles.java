package io.kube4j.runtime.runc;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.kube4j.runtime.ContainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the runtime's JSON state files, each replaced atomically (written beside, then
 * renamed) so a crash leaves the old or the new file, never half of one. Thread-safe.
 */
final class StateFiles {

    /** Stores the sealed seccomp choice by name ("type": "RuntimeDefault"). */
    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(ContainerConfig.Seccomp.Unconfined.class),
        @JsonSubTypes.Type(ContainerConfig.Seccomp.RuntimeDefault.class),
        @JsonSubTypes.Type(ContainerConfig.Seccomp.Localhost.class)
    })
    private interface SeccompMixin {}

    private final JsonMapper json = JsonMapper.builder().addMixIn(ContainerConfig.Seccomp.class, SeccompMixin.class).build();

    JsonMapper json() {
        return json;
    }

    void write(Path file, Object value) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads a state file. What was read is kept while the file stays the same one (a write renames a
     * new file over it: another inode): the kubelet lists every container every second, and parsing
     * each record again would cost most of a node's CPU at a hundred pods.
     */
    /** A parsed state file (records are immutable values) and what identified the file it came from. */
    private record Parsed(Object fileKey, FileTime modified, long size, Object value) {
        boolean sameFile(BasicFileAttributes attributes) {
            return fileKey != null && fileKey.equals(attributes.fileKey()) && modified.equals(attributes.lastModifiedTime())
                    && size == attributes.size();
        }
    }

    private final ConcurrentHashMap<Path, Parsed> parsed = new ConcurrentHashMap<>();

    /** Drops what was read from files under {@code dir} (a container's or sandbox's directory, being removed). */
    void forget(Path dir) {
        parsed.keySet().removeIf(path -> path.startsWith(dir));
    }

    <T> Optional<T> read(Path file, Class<T> type) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            parsed.remove(file);
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        Parsed known = parsed.get(file);
        if (known != null && known.sameFile(attributes) && type.isInstance(known.value())) {
            return Optional.of(type.cast(known.value()));
        }
        try {
            T value = json.readValue(file.toFile(), type);
            parsed.put(file, new Parsed(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), value));
            return Optional.of(value);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(StateFiles.class).warn("ignoring unreadable state file {}: {}", file, e.toString());
            return Optional.empty();
        }
    }
}
