package io.kube4j.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.kubelet.volume.AtomicWriter.FileProjection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriterTest {

    @TempDir
    Path dir;

    private static FileProjection f(String s, int mode) {
        return new FileProjection(s.getBytes(StandardCharsets.UTF_8), mode);
    }

    private List<String> entries() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesThroughDataSymlinkAndSwapsAtomically() throws Exception {
        AtomicWriter w = new AtomicWriter(dir);
        assertThat(w.write(Map.of("a.txt", f("one", 0644), "sub/b.txt", f("two", 0400)))).isTrue();
        assertThat(Files.readSymbolicLink(dir.resolve("a.txt"))).isEqualTo(Path.of("..data/a.txt"));
        assertThat(Files.readSymbolicLink(dir.resolve("sub"))).isEqualTo(Path.of("..data/sub"));
        String ts1 = Files.readSymbolicLink(dir.resolve("..data")).toString();
        assertThat(ts1).matches("\\.\\.\\d{4}_\\d\\d_\\d\\d_\\d\\d_\\d\\d_\\d\\d\\.\\d+");
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("one");
        assertThat(Files.getPosixFilePermissions(dir.resolve("sub/b.txt"))).isEqualTo(PosixFilePermissions.fromString("r--------"));

        // a reader holding the old path through ..data sees the new content after the swap
        Path viaData = dir.resolve("..data/a.txt");
        assertThat(w.write(Map.of("a.txt", f("uno", 0644), "c.txt", f("three", 0600)))).isTrue();
        assertThat(Files.readString(viaData)).isEqualTo("uno");
        assertThat(Files.readString(dir.resolve("c.txt"))).isEqualTo("three");
        String ts2 = Files.readSymbolicLink(dir.resolve("..data")).toString();
        assertThat(ts2).isNotEqualTo(ts1);
        assertThat(entries()).containsExactly(ts2, "..data", "a.txt", "c.txt");
    }

    @Test
    void sameContentWritesNothing() throws Exception {
        AtomicWriter w = new AtomicWriter(dir);
        w.write(Map.of("a", f("x", 0644)));
        String ts = Files.readSymbolicLink(dir.resolve("..data")).toString();
        assertThat(w.write(Map.of("a", f("x", 0644)))).isFalse();
        assertThat(Files.readSymbolicLink(dir.resolve("..data")).toString()).isEqualTo(ts);
        // a mode change is a change
        assertThat(w.write(Map.of("a", f("x", 0600)))).isTrue();
    }

    @Test
    void emptyPayloadEmptiesTheVolume() throws Exception {
        AtomicWriter w = new AtomicWriter(dir);
        w.write(Map.of("a", f("x", 0644)));
        w.write(Map.of());
        assertThat(entries()).hasSize(2).contains("..data");
    }

    @Test
    void refusesPathsOutsideTheVolume() {
        AtomicWriter w = new AtomicWriter(dir);
        for (String bad : List.of("/etc/passwd", "../x", "a/../../x", "..data/x")) {
            assertThatThrownBy(() -> w.write(Map.of(bad, f("x", 0644)))).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
