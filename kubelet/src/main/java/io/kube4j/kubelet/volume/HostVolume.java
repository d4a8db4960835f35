package io.kube4j.kubelet.volume;

import java.nio.file.Path;

/** One volume on the host: the directory (or, for a hostPath, the file) containers mount, and whether it must be read-only. */
public record HostVolume(Path path, boolean readOnly) {}
