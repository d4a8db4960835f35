/**
 * The runc container runtime: {@link io.kube4j.runtime.runc.RuncRuntime}, configured by
 * {@link io.kube4j.runtime.runc.RuncRuntimeConfig}. Pod sandboxes are persistent namespaces (no
 * pause container); each container is an overlayfs root and an OCI spec run by runc under its own
 * conmon, which captures its CRI log, exit code and OOM kill even while no JVM runs. All state is
 * in files under the data directory, so a restarted kubelet finds everything again.
 *
 * <p>Layout under the data directory: {@code sandboxes/ID/} (sandbox.json, ns/{net,ipc,uts,pid},
 * shm/, hosts, resolv.conf, hostname), {@code containers/ID/} (container.json, bundle/config.json,
 * rootfs/, upper/, work/, persist/{exit,oom}, started, pid, conmon.pid), {@code exits/} and
 * {@code sockets/} (conmon's).
 */
package io.kube4j.runtime.runc;
