package io.kube4j.runtime.linux;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Opens TCP connections from inside a network namespace: a dedicated platform thread joins the
 * namespace ({@code setns}), creates and connects the socket there (a socket keeps the namespace
 * it was made in), and the thread ends, so no other code ever runs in the foreign namespace.
 * Thread-safe; requires CAP_SYS_ADMIN.
 */
public final class NetworkNamespaces {

    private NetworkNamespaces() {}

    /**
     * Connects to {@code host:port} from within the namespace bound at {@code netns}.
     *
     * @throws IOException if the namespace cannot be joined or the connection is refused
     */
    public static Socket connect(Path netns, String host, int port, int timeoutMillis) throws IOException {
        CompletableFuture<Socket> result = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().daemon().name("netns-connect").unstarted(() -> {
            Libc.Result fd = Libc.open(netns.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd.failed()) {
                result.completeExceptionally(new IOException("cannot open " + netns + ": errno " + fd.errno()));
                return;
            }
            try {
                Libc.Result joined = Libc.setns((int) fd.value(), Libc.CLONE_NEWNET);
                if (joined.failed()) {
                    result.completeExceptionally(new IOException("setns " + netns + ": errno " + joined.errno()));
                    return;
                }
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
                    result.complete(socket);
                } catch (IOException e) {
                    socket.close();
                    result.completeExceptionally(e);
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                Libc.close((int) fd.value());
            }
        });
        thread.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }
}
