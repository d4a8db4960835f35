package io.kube4j.apiserver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of the apiserver that a test can cut: {@link #cutAll()} drops every
 * open connection (as a network fault or a restarting apiserver would), and while
 * {@link #refuse(boolean) refusing} it closes new connections at once. TLS passes through untouched,
 * so clients still verify the server's certificate (it names 127.0.0.1).
 *
 * <p>For tests that need a client's watch to end without the client asking, e.g. to make an
 * informer resume from a resourceVersion that has left the watch cache window. Thread-safe; one
 * virtual thread per direction of each connection. {@link #close()} stops accepting and cuts all.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;

    private TcpRelay(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
        Thread.ofVirtual().name("tcp-relay-accept").start(this::acceptLoop);
    }

    /** Listens on a free 127.0.0.1 port and relays to {@code target}'s host and port. */
    public static TcpRelay start(URI target) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TcpRelay(listener, new InetSocketAddress(target.getHost(), target.getPort()));
    }

    /** {@code https://127.0.0.1:RELAY_PORT}. */
    public URI url() {
        return URI.create("https://127.0.0.1:" + listener.getLocalPort());
    }

    /** Closes every relayed connection now; clients see their sockets reset. */
    public void cutAll() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** While true, new connections are accepted and closed straight away. */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away (or was cut): the other side goes too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }
}
