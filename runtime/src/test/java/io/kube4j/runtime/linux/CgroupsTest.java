package io.kube4j.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupsTest {

    @TempDir
    Path root;

    @Test
    void readsUnifiedCounters() throws Exception {
        Path cg = Files.createDirectories(root.resolve("k/pod/c1"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(cg.resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\n");
        Files.writeString(cg.resolve("memory.current"), "10000\n");
        Files.writeString(cg.resolve("memory.stat"), "anon 6000\ninactive_file 3000\n");
        Files.writeString(cg.resolve("memory.events"), "low 0\noom 1\noom_kill 1\n");
        Cgroups cgroups = new Cgroups(root, true);
        assertThat(cgroups.usage("/k/pod/c1")).contains(new Cgroups.Usage(1_500_000, 10000, 7000, 6000));
        assertThat(cgroups.oomKills("/k/pod/c1")).isEqualTo(1);
        assertThat(cgroups.usage("/k/pod/missing")).isEmpty();
        assertThat(cgroups.directories("/k/pod")).containsExactly(root.resolve("k/pod"));
    }

    @Test
    void readsV1CountersAndRemovesEveryHierarchy() throws Exception {
        for (String controller : new String[] {"memory", "cpuacct", "pids"}) {
            Files.createDirectories(root.resolve(controller).resolve("k/pod/c1"));
            Files.writeString(root.resolve(controller).resolve("tasks"), "");
        }
        Files.writeString(root.resolve("memory/k/pod/c1/memory.usage_in_bytes"), "8000\n");
        Files.writeString(root.resolve("memory/k/pod/c1/memory.stat"), "cache 1\ntotal_inactive_file 2000\ntotal_rss 5000\n");
        Files.writeString(root.resolve("memory/k/pod/c1/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Files.writeString(root.resolve("cpuacct/k/pod/c1/cpuacct.usage"), "123456\n");
        Cgroups cgroups = new Cgroups(root, false);
        assertThat(cgroups.usage("/k/pod/c1")).contains(new Cgroups.Usage(123456, 8000, 6000, 5000));
        assertThat(cgroups.oomKills("k/pod/c1")).isEqualTo(2);
        assertThat(cgroups.directories("/k/pod")).hasSize(3);

        // a real cgroupfs deletes control files with the directory; here only empty dirs can go
        Files.walk(root.resolve("memory/k")).filter(Files::isRegularFile).forEach(f -> f.toFile().delete());
        Files.delete(root.resolve("cpuacct/k/pod/c1/cpuacct.usage"));
        assertThat(cgroups.remove("/k/pod")).isEmpty();
        assertThat(root.resolve("memory/k/pod")).doesNotExist();
        assertThat(root.resolve("pids/k/pod")).doesNotExist();
        assertThat(root.resolve("memory/k")).exists();
    }
}
