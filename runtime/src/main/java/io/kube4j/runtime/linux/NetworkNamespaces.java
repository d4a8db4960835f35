package io.kube4j.runtime.linux;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Works inside a network namespace without launching a process: opens TCP connections from it,
 * and brings its loopback interface up. A dedicated platform thread joins the namespace
 * ({@code setns}), does the work there (a socket keeps the namespace it was made in), and the
 * thread ends, so no other code ever runs in the foreign namespace. Thread-safe; requires
 * CAP_SYS_ADMIN.
 */
public final class NetworkNamespaces {

    private NetworkNamespaces() {}

    /**
     * Sets {@code lo} up in the namespace bound at {@code netns} (what the CNI loopback plugin's ADD
     * does: the kernel then gives it 127.0.0.1/8 and ::1), with SIOCGIFFLAGS / SIOCSIFFLAGS.
     *
     * @throws IOException if the namespace cannot be joined or the flags cannot be set
     */
    public static void loopbackUp(Path netns) throws IOException {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("netns-loopback").start(() -> {
            Libc.Result fd = Libc.open(netns.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd.failed()) {
                result.completeExceptionally(new IOException("cannot open " + netns + ": " + Libc.errnoName(fd.errno())));
                return;
            }
            Libc.Result socket = null;
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                Libc.Result joined = Libc.setns((int) fd.value(), Libc.CLONE_NEWNET);
                if (joined.failed()) {
                    throw new IOException("setns " + netns + ": " + Libc.errnoName(joined.errno()));
                }
                socket = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC);
                if (socket.failed()) {
                    throw new IOException("socket in " + netns + ": " + Libc.errnoName(socket.errno()));
                }
                java.lang.foreign.MemorySegment ifreq = arena.allocate(Libc.IFREQ_SIZE);
                ifreq.setString(0, "lo");
                Libc.Result got = Libc.ioctl((int) socket.value(), Libc.SIOCGIFFLAGS, ifreq);
                if (got.failed()) {
                    throw new IOException("SIOCGIFFLAGS lo in " + netns + ": " + Libc.errnoName(got.errno()));
                }
                short flags = ifreq.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 16);
                ifreq.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 16, (short) (flags | Libc.IFF_UP));
                Libc.Result set = Libc.ioctl((int) socket.value(), Libc.SIOCSIFFLAGS, ifreq);
                if (set.failed()) {
                    throw new IOException("SIOCSIFFLAGS lo up in " + netns + ": " + Libc.errnoName(set.errno()));
                }
                result.complete(null);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                if (socket != null && !socket.failed()) {
                    Libc.close((int) socket.value());
                }
                Libc.close((int) fd.value());
            }
        });
        try {
            result.get();
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
