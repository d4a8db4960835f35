package io.kube4j.kubelet.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** du-style measuring: sizes and inodes, links not followed, the pass budget. */
class DirectoryWalkerTest {

    @TempDir
    Path dir;

    @Test
    void sumsRegularFileSizesAndCountsEveryEntry() throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.write(dir.resolve("a/one"), new byte[1000]);
        Files.write(dir.resolve("a/b/two"), new byte[24]);
        Path outside = Files.createTempFile("walker-outside", ".bin");
        try {
            Files.write(outside, new byte[1 << 20]);
            Files.createSymbolicLink(dir.resolve("a/link"), outside); // not followed: counts as an entry only
            DiskUsage u = new DirectoryWalker(1000, Duration.ofSeconds(5)).measure(dir);
            assertThat(u.bytes()).isEqualTo(1024);
            assertThat(u.inodes()).isEqualTo(6); // dir, a, a/b, one, two, link
        } finally {
            Files.deleteIfExists(outside);
        }
        assertThat(new DirectoryWalker(1000, Duration.ofSeconds(5)).measure(dir.resolve("missing"))).isEqualTo(DiskUsage.ZERO);
    }

    @Test
    void aSpentBudgetStopsThePassWithLowerBounds() throws Exception {
        for (int i = 0; i < 50; i++) {
            Files.write(dir.resolve("f" + i), new byte[10]);
        }
        DirectoryWalker walker = new DirectoryWalker(20, Duration.ofSeconds(5));
        DiskUsage first = walker.measure(dir);
        assertThat(walker.exhausted()).isTrue();
        assertThat(first.inodes()).isEqualTo(20);
        assertThat(first.bytes()).isLessThan(500);
        assertThat(walker.measure(dir)).isEqualTo(DiskUsage.ZERO); // nothing left for the rest of the pass
    }
}
