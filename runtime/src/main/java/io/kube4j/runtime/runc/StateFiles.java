package io.kube4j.runtime.runc;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.kube4j.runtime.ContainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    <T> Optional<T> read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), type));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(StateFiles.class).warn("ignoring unreadable state file {}: {}", file, e.toString());
            return Optional.empty();
        }
    }
}
