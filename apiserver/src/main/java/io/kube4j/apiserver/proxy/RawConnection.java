package io.kube4j.apiserver.proxy;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The bytes of an HTTP/1.1 connection after a 101 to a protocol that Jetty does not speak (SPDY/3.1):
 * blocking streams over the connection's (TLS-decrypted) end point. {@link #input()} is read by one
 * thread at a time, {@link #output()} written by one thread at a time (callers serialise their
 * frames); each write returns once the bytes are handed to the network. Closing either stream or
 * calling {@link #close} closes the connection. Obtained from {@link RawUpgrade}.
 */
public interface RawConnection extends AutoCloseable {

    /** What the client sends; -1 at its end of stream or when the connection closed. */
    InputStream input();

    /** What goes to the client. */
    OutputStream output();

    /** Ends the sending side only (TCP half-close; over TLS a close_notify), reading goes on. */
    void shutdownOutput();

    /** Closes the connection; idempotent. */
    @Override
    void close();
}
