package io.kube4j.runtime;

import java.io.InputStream;
import java.io.OutputStream;

/** One TCP connection into a sandbox (port-forward). Owned by the caller, who must close it. */
public interface PortStream extends AutoCloseable {

    InputStream input();

    OutputStream output();

    @Override
    void close();
}
