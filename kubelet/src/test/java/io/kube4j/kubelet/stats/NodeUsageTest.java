package io.kube4j.kubelet.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeUsageTest {

    @TempDir
    Path proc;

    @Test
    void readsCpuJiffiesAndMemoryAsCadvisorDoes() throws Exception {
        Files.writeString(proc.resolve("stat"), """
                cpu  100 20 30 5000 40 5 6 7 0 0
                cpu0 50 10 15 2500 20 2 3 3 0 0
                btime 1700000000
                """);
        Files.writeString(proc.resolve("meminfo"), """
                MemTotal:        1000 kB
                MemFree:          200 kB
                MemAvailable:     600 kB
                Inactive(file):   100 kB
                AnonPages:        300 kB
                """);
        Files.writeString(proc.resolve("vmstat"), "pgfault 42\npgmajfault 7\n");
        NodeUsage.Reading r = new NodeUsage(proc).read();
        // user + nice + system + irq + softirq + steal = 168 jiffies of 10 ms (idle and iowait left out).
        assertEquals(168 * 10_000_000L, r.cpuNanos());
        assertEquals(1000 * 1024, r.memoryTotalBytes());
        assertEquals(800 * 1024, r.memoryUsageBytes());
        assertEquals(700 * 1024, r.workingSetBytes());
        assertEquals(600 * 1024, r.availableBytes());
        assertEquals(300 * 1024, r.rssBytes());
        assertEquals(42, r.pageFaults());
        assertEquals(7, r.majorPageFaults());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), r.bootTime());
    }

    @Test
    void ratesComeFromThePreviousSampleOfTheSameKey() {
        CpuRates rates = new CpuRates();
        assertNull(rates.rate("c", 0, 1_000));
        // Half a core: 0.5 s of CPU in 1 s of wall time.
        assertEquals(500_000_000L, rates.rate("c", 1_000_000_000L, 500_001_000L));
        // A counter that went backwards is a new container: no rate.
        assertNull(rates.rate("c", 2_000_000_000L, 10));
        rates.retain(java.util.Set.of());
        assertNull(rates.rate("c", 3_000_000_000L, 20));
    }
}
