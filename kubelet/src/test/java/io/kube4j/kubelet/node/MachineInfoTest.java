package io.kube4j.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineInfoTest {

    private static final String CPUINFO = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R)

            processor\t: 1
            vendor_id\t: GenuineIntel

            processor\t: 2
            vendor_id\t: GenuineIntel

            processor\t: 3
            vendor_id\t: GenuineIntel
            """;

    private static final String MEMINFO = """
            MemTotal:       24684096 kB
            MemFree:        23347960 kB
            MemAvailable:   24074628 kB
            HugePages_Total:       0
            """;

    @Test
    void countsTheProcessorsThatAreOnline() {
        assertThat(MachineInfo.countOnlineCpus(CPUINFO, null)).isEqualTo(4);
        assertThat(MachineInfo.countOnlineCpus(CPUINFO, "0-1,3\n")).isEqualTo(3);
        assertThat(MachineInfo.countOnlineCpus(CPUINFO, "2")).isEqualTo(1);
        assertThat(MachineInfo.parseCpuList("0-3,6,8-9")).containsExactly(0, 1, 2, 3, 6, 8, 9);
    }

    @Test
    void readsMemTotalInBytes() {
        assertThat(MachineInfo.memTotalBytes(MEMINFO)).isEqualTo(24684096L * 1024);
        assertThat(MachineInfo.meminfoBytes(MEMINFO, "MemAvailable")).contains(24074628L * 1024);
        assertThat(MachineInfo.meminfoBytes(MEMINFO, "HugePages_Total")).contains(0L);
        assertThat(MachineInfo.meminfoBytes(MEMINFO, "Nope")).isEmpty();
    }

    @Test
    void osImageIsPrettyNameUnquoted() {
        assertThat(MachineInfo.prettyName("NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"))
                .isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(MachineInfo.prettyName("PRETTY_NAME=Alpine\n")).isEqualTo("Alpine");
        assertThat(MachineInfo.prettyName("")).isEqualTo("Linux");
    }

    @Test
    void readsASampleHost(@TempDir Path root) throws IOException {
        write(root, "proc/cpuinfo", CPUINFO);
        write(root, "sys/devices/system/cpu/online", "0-1\n");
        write(root, "proc/meminfo", MEMINFO);
        write(root, "etc/machine-id", "3d1219c7c4c5404aaa1f6d2a48adfda4\n");
        write(root, "proc/sys/kernel/random/boot_id", "702a132c-b1c6-4cf2-add3-2f41ad726023\n");
        write(root, "proc/sys/kernel/osrelease", "6.1.0-13-amd64\n");
        write(root, "etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        write(root, "sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", "4\n");
        write(root, "sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages", "0\n");

        MachineInfo info = MachineInfo.read(root);

        assertThat(info.cpus()).isEqualTo(2);
        assertThat(info.memoryBytes()).isEqualTo(24684096L * 1024);
        assertThat(info.machineId()).isEqualTo("3d1219c7c4c5404aaa1f6d2a48adfda4");
        assertThat(info.bootId()).isEqualTo("702a132c-b1c6-4cf2-add3-2f41ad726023");
        assertThat(info.kernelVersion()).isEqualTo("6.1.0-13-amd64");
        assertThat(info.osImage()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(info.systemUuid()).isEmpty();
        assertThat(info.hugePages()).containsEntry("2Mi", 4L * 2 * 1024 * 1024).containsEntry("1Gi", 0L);
    }

    @Test
    void readsThisHost() {
        MachineInfo info = MachineInfo.read(Path.of("/"));
        assertThat(info.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(info.memoryBytes()).isPositive();
        assertThat(info.kernelVersion()).isNotBlank();
    }

    static void write(Path root, String file, String content) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
