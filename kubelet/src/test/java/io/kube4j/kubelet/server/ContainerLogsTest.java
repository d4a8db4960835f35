package io.kube4j.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogsTest {

    private static final String LOG = """
            2024-01-01T00:00:01.000000001Z stdout F one
            2024-01-01T00:00:02Z stderr F two
            2024-01-01T00:00:03Z stdout P thr
            2024-01-01T00:00:03.5Z stderr F four
            2024-01-01T00:00:04Z stdout F ee
            garbage line that is skipped
            2024-01-01T00:00:05Z stdout F five
            """;

    @TempDir
    Path dir;

    private final ContainerLogs logs = new ContainerLogs(Duration.ofMillis(20));

    private String read(Path file, Map<String, String> query) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        logs.write(file, LogOptions.parse(query::get, Instant.parse("2024-01-01T00:00:10Z")), () -> false, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path log() throws IOException {
        Path file = dir.resolve("0.log");
        Files.writeString(file, LOG);
        return file;
    }

    @Test
    void joinsPartialLinesOfAStreamAndSkipsGarbage() throws Exception {
        assertEquals("one\ntwo\nfour\nthree\nfive\n", read(log(), Map.of()));
    }

    @Test
    void tailLinesKeepsTheLastWholeLines() throws Exception {
        assertEquals("three\nfive\n", read(log(), Map.of("tailLines", "2")));
        assertEquals("", read(log(), Map.of("tailLines", "0")));
        assertEquals("one\ntwo\nfour\nthree\nfive\n", read(log(), Map.of("tailLines", "100")));
    }

    @Test
    void sinceTimeAndSinceSecondsDropOlderLines() throws Exception {
        assertEquals("four\nthree\nfive\n", read(log(), Map.of("sinceTime", "2024-01-01T00:00:03Z")));
        // now is 00:00:10 in these reads: 6 s ago is 00:00:04.
        assertEquals("five\n", read(log(), Map.of("sinceSeconds", "6")));
    }

    @Test
    void limitBytesCutsTheOutput() throws Exception {
        assertEquals("one\ntw", read(log(), Map.of("limitBytes", "6")));
    }

    @Test
    void timestampsPrefixEachLineWithNineFractionDigits() throws Exception {
        String out = read(log(), Map.of("timestamps", "true", "tailLines", "2"));
        assertEquals("2024-01-01T00:00:03.000000000Z three\n2024-01-01T00:00:05.000000000Z five\n", out);
    }

    @Test
    void aMissingFileIsAnEmptyLog() throws Exception {
        assertEquals("", read(dir.resolve("absent.log"), Map.of()));
    }

    @Test
    void badOptionsAreRefusedWithUpstreamWords() {
        Instant now = Instant.now();
        assertThrows(IllegalArgumentException.class, () -> LogOptions.parse(Map.of("tailLines", "-1")::get, now));
        assertThrows(IllegalArgumentException.class, () -> LogOptions.parse(Map.of("limitBytes", "0")::get, now));
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> LogOptions.parse(
                Map.of("sinceSeconds", "1", "sinceTime", "2024-01-01T00:00:00Z")::get, now));
        assertEquals("at most one of `sinceTime` or `sinceSeconds` may be specified", both.getMessage());
    }

    @Test
    void followSendsWhatIsAppendedUntilTheContainerStops() throws Exception {
        Path file = log();
        AtomicBoolean running = new AtomicBoolean(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                logs.write(file, LogOptions.parse(Map.of("follow", "true", "tailLines", "1")::get, Instant.now()),
                        running::get, out);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        // Written in two pieces: the reader must wait for the end of the line.
        Files.writeString(file, "2024-01-01T00:00:06Z stdout F si", StandardOpenOption.APPEND);
        Thread.sleep(60);
        Files.writeString(file, "x\n2024-01-01T00:00:07Z stdout F seven\n", StandardOpenOption.APPEND);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!out.toString(StandardCharsets.UTF_8).contains("seven") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(follower.isAlive(), "follow stops only when the container does");
        running.set(false);
        follower.join(5_000);
        assertEquals("five\nsix\nseven\n", out.toString(StandardCharsets.UTF_8));
    }
}
