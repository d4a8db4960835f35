package io.kube4j.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Termination messages from the file, and from the log's tail with FallbackToLogsOnError. */
class TerminationMessagesTest {

    @TempDir
    Path dir;

    private ContainerStatus container(Path file, String policy, Path log) {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(RuntimeLabels.TERMINATION_MESSAGE_PATH, file.toString());
        annotations.put(RuntimeLabels.TERMINATION_MESSAGE_POLICY, policy);
        return new ContainerStatus("c1", "s1", "app", 0, "img", "sha256:1", new ContainerState.Created(Instant.EPOCH), log, Map.of(), annotations);
    }

    private static ContainerState.Exited exit(int code) {
        return new ContainerState.Exited(Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, code, "Error", "");
    }

    @Test
    void readsTheFileUpTo4096Bytes() throws Exception {
        Path file = dir.resolve("termination-log");
        Files.writeString(file, "x".repeat(5000));
        assertThat(TerminationMessages.of(container(file, "File", null), exit(1))).hasSize(4096);
    }

    @Test
    void fallsBackToTheLogTailOnErrorOnly() throws Exception {
        Path log = dir.resolve("0.log");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            lines.append("2026-01-01T00:00:00.000000000Z stdout F line ").append(i).append('\n');
        }
        lines.append("2026-01-01T00:00:00.000000000Z stderr P partial ").append('\n');
        lines.append("2026-01-01T00:00:00.000000000Z stderr F end").append('\n');
        Files.writeString(log, lines);
        Path missing = dir.resolve("none");
        String message = TerminationMessages.of(container(missing, "FallbackToLogsOnError", log), exit(2));
        assertThat(message).endsWith("line 99\npartial end\n").doesNotContain("stdout").doesNotContain("line 20\n");
        // 80 log entries: the partial one and its end make one line of content.
        assertThat(message.split("\n")).hasSize(79);
        assertThat(TerminationMessages.of(container(missing, "FallbackToLogsOnError", log), exit(0))).isEmpty();
        assertThat(TerminationMessages.of(container(missing, "File", log), exit(2))).isEmpty();
    }

    @Test
    void logTailIsBoundedTo2048Bytes() throws Exception {
        Path log = dir.resolve("big.log");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            lines.append("2026-01-01T00:00:00.000000000Z stdout F ").append("y".repeat(200)).append('\n');
        }
        Files.writeString(log, lines);
        assertThat(TerminationMessages.logTail(log).length()).isEqualTo(2048);
    }
}
