package io.kube4j.runtime.runc;

import java.nio.file.Path;

/**
 * Where one container's files are, under {@code dataDir/containers/ID}: its record, the OCI bundle
 * (config.json; conmon's attach socket and ctl FIFO), the overlay's rootfs, upper and work dirs,
 * conmon's persist dir (exit and oom files) and the marker written when it was started.
 */
record ContainerLayout(Path dir) {

    Path record() {
        return dir.resolve("container.json");
    }

    Path bundle() {
        return dir.resolve("bundle");
    }

    Path rootfs() {
        return dir.resolve("rootfs");
    }

    Path upper() {
        return dir.resolve("upper");
    }

    Path work() {
        return dir.resolve("work");
    }

    Path persist() {
        return dir.resolve("persist");
    }

    Path exitFile() {
        return persist().resolve("exit");
    }

    Path oomFile() {
        return persist().resolve("oom");
    }

    Path started() {
        return dir.resolve("started");
    }

    Path pidFile() {
        return dir.resolve("pid");
    }

    Path conmonPidFile() {
        return dir.resolve("conmon.pid");
    }

    Path attachSocket() {
        return bundle().resolve("attach");
    }

    Path ctlFifo() {
        return bundle().resolve("ctl");
    }
}
