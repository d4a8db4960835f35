package io.kube4j.runtime;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A process's streams, connected to a caller (exec, attach). With a terminal, stderr is merged into
 * stdout and {@link #stderr()} is empty.
 *
 * <p>Owned by the caller, who must {@link #close()} it. Each stream is used by one thread.
 */
public interface StreamSession extends AutoCloseable {

    /** The process's stdin, or a stream that discards if none was asked for. */
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Resizes the terminal (a no-op without one). */
    void resize(int columns, int rows);

    /** Waits for the process to end and returns its exit code (attach: the container's, when it ends). */
    int waitFor() throws InterruptedException;

    /** Ends the session: the exec'd process is killed if it still runs; attach just detaches. */
    @Override
    void close();
}
