package io.kube4j.runtime.linux;

import java.io.IOException;
import java.nio.file.Path;

/** Makes named pipes with mkfifo(3) through the FFM API (no process launched). Stateless and thread-safe. */
public final class Fifos {

    private Fifos() {}

    /**
     * Makes a FIFO at {@code path} with {@code mode} (less the process umask, as mkfifo(1) with -m does not).
     *
     * @throws IOException naming the errno when it cannot (e.g. EEXIST when something is there)
     */
    public static void make(Path path, int mode) throws IOException {
        Libc.Result made = Libc.mkfifo(path.toString(), mode);
        if (made.failed()) {
            throw new IOException("mkfifo " + path + " failed: " + (made.errno() == 17 ? "EEXIST" : Libc.errnoName(made.errno())));
        }
    }
}
