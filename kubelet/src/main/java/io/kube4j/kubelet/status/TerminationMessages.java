package io.kube4j.kubelet.status;

import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An exited container's termination message, as upstream's kubelet reads it: the file named by the
 * {@link RuntimeLabels#TERMINATION_MESSAGE_PATH} annotation (at most 4096 bytes), and with the
 * FallbackToLogsOnError policy, when that is empty and the container failed, the tail of its log
 * (at most 80 lines and 2048 bytes, the CRI log prefixes removed). Stateless and thread-safe.
 */
public final class TerminationMessages {

    static final int MAX_FILE_BYTES = 4096;
    static final int MAX_LOG_LINES = 80;
    static final int MAX_LOG_BYTES = 2048;

    private TerminationMessages() {}

    /** The message to report for an exited instance: the runtime's own message, then what the container wrote. */
    public static String of(ContainerStatus container, ContainerState.Exited exited) {
        String written = "";
        String pathValue = container.annotations().get(RuntimeLabels.TERMINATION_MESSAGE_PATH);
        boolean fallback = "FallbackToLogsOnError".equals(container.annotations().get(RuntimeLabels.TERMINATION_MESSAGE_POLICY))
                && exited.exitCode() != 0;
        if (pathValue != null && !pathValue.isEmpty()) {
            try {
                written = readHead(Path.of(pathValue), MAX_FILE_BYTES);
            } catch (NoSuchFileException e) {
                written = "";
            } catch (IOException e) {
                written = "Error on reading termination log " + pathValue + ": " + e.getMessage();
                fallback = false;
            }
        }
        if (written.isEmpty() && fallback && container.logPath() != null) {
            written = logTail(container.logPath());
        }
        String runtimeMessage = exited.message() == null ? "" : exited.message();
        if (written.isEmpty() || runtimeMessage.equals(written)) {
            return runtimeMessage;
        }
        return runtimeMessage.isEmpty() ? written : runtimeMessage + ": " + written;
    }

    private static String readHead(Path path, int max) throws IOException {
        try (var in = Files.newInputStream(path)) {
            return new String(in.readNBytes(max), StandardCharsets.UTF_8);
        }
    }

    /** The last lines of a CRI-format log ("TIMESTAMP STREAM TAG content"), within the line and byte bounds. */
    static String logTail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            // Log lines carry a ~40-byte prefix; read enough raw bytes to fill the content bound.
            long window = Math.min(file.length(), MAX_LOG_BYTES * 4L + MAX_LOG_LINES * 64L);
            byte[] raw = new byte[(int) window];
            file.seek(file.length() - window);
            file.readFully(raw);
            String[] lines = new String(raw, StandardCharsets.UTF_8).split("\n");
            int first = window < file.length() ? 1 : 0; // the first line may be cut
            List<String> contents = new ArrayList<>();
            for (int i = first; i < lines.length; i++) {
                if (!lines[i].isEmpty()) {
                    contents.add(criContent(lines[i]));
                }
            }
            List<String> tail = contents.subList(Math.max(0, contents.size() - MAX_LOG_LINES), contents.size());
            StringBuilder out = new StringBuilder();
            for (String line : tail) {
                out.append(line);
            }
            byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
            return bytes.length <= MAX_LOG_BYTES
                    ? out.toString()
                    : new String(bytes, bytes.length - MAX_LOG_BYTES, MAX_LOG_BYTES, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "Error on reading termination message from logs: " + e.getMessage();
        }
    }

    /** A CRI log line's content: a full line ("F") ends with a newline, a partial one ("P") joins the next. */
    private static String criContent(String line) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !(parts[1].equals("stdout") || parts[1].equals("stderr"))) {
            return line + "\n";
        }
        String content = parts.length == 4 ? parts[3] : "";
        return parts[2].startsWith("P") ? content : content + "\n";
    }
}
