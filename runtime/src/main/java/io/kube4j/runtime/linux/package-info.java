/**
 * The Linux mechanics under the runc runtime: persistent pod namespaces bound to files
 * ({@link io.kube4j.runtime.linux.PodNamespaces}, {@link io.kube4j.runtime.linux.PidNamespaceHolder}),
 * overlay and tmpfs mounts ({@link io.kube4j.runtime.linux.Mounts}), cgroup v1/v2 paths, counters and
 * removal ({@link io.kube4j.runtime.linux.Cgroups}), and the few system calls Java has no API for,
 * made through FFM: joining a network namespace to connect a socket there
 * ({@link io.kube4j.runtime.linux.NetworkNamespaces}) and UNIX seqpacket sockets
 * ({@link io.kube4j.runtime.linux.SeqPacketSocket}). Everything here needs root.
 */
package io.kube4j.runtime.linux;
