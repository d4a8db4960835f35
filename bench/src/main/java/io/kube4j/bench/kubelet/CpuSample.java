package io.kube4j.bench.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time at one instant, from {@code /proc}: the server JVM's own (user + system), what its
 * waited-for children used (the short commands it runs: unshare, mount, CNI plugins, runc start;
 * not conmon and the containers, which are re-parented away), and the whole machine's busy time.
 * Where a pod's start spends CPU, and how busy the shared machine was meanwhile. Immutable.
 *
 * @param jvmS the JVM's utime + stime, seconds
 * @param childrenS its cutime + cstime, seconds
 * @param machineBusyS every CPU's non-idle time (user, nice, system, irq, softirq, steal), seconds
 */
record CpuSample(double jvmS, double childrenS, double machineBusyS) {

    /** Linux's USER_HZ, fixed at 100 on every architecture the kernel exports it for. */
    private static final double TICKS = 100.0;

    static CpuSample of(long pid) {
        double jvm = 0;
        double children = 0;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command (which may hold spaces) start at ") ": state is field 3.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            jvm = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS; // utime 14, stime 15
            children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS; // cutime 16, cstime 17
        } catch (IOException | RuntimeException e) {
            // the process is gone: zeros
        }
        return new CpuSample(jvm, children, machineBusy());
    }

    private static double machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    CpuSample minus(CpuSample earlier) {
        return new CpuSample(jvmS - earlier.jvmS, childrenS - earlier.childrenS, machineBusyS - earlier.machineBusyS);
    }
}
