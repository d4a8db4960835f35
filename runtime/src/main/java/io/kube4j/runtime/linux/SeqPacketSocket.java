package io.kube4j.runtime.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client of a UNIX {@code SOCK_SEQPACKET} socket (conmon's attach socket), which Java's own
 * UNIX channels (stream only) cannot open. The path is reached through an {@code O_PATH} descriptor
 * of its directory ({@code /proc/self/fd/N/name}), so long paths work. One thread may receive while
 * another sends; {@link #close()} is idempotent.
 */
public final class SeqPacketSocket implements AutoCloseable {

    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SeqPacketSocket(int fd) {
        this.fd = fd;
    }

    /** Connects to the socket at {@code path}. */
    public static SeqPacketSocket connect(Path path) throws IOException {
        Libc.Result dir = Libc.open(path.getParent().toString(), Libc.O_PATH | Libc.O_CLOEXEC);
        if (dir.failed()) {
            throw new IOException("cannot open " + path.getParent() + ": errno " + dir.errno());
        }
        try {
            Libc.Result sock = Libc.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC);
            if (sock.failed()) {
                throw new IOException("socket: errno " + sock.errno());
            }
            Libc.Result connected = Libc.connectUnix((int) sock.value(), "/proc/self/fd/" + dir.value() + "/" + path.getFileName());
            if (connected.failed()) {
                Libc.close((int) sock.value());
                throw new IOException("cannot connect to " + path + ": errno " + connected.errno());
            }
            return new SeqPacketSocket((int) sock.value());
        } finally {
            Libc.close((int) dir.value());
        }
    }

    /** Receives one packet; null at the end of the stream. */
    public byte[] receive(int maxBytes) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(maxBytes);
            while (true) {
                if (closed.get()) {
                    return null;
                }
                Libc.Result n = Libc.recv(fd, buffer);
                if (n.failed()) {
                    if (n.errno() == 4) { // EINTR
                        continue;
                    }
                    if (closed.get()) {
                        return null;
                    }
                    throw new IOException("recv: errno " + n.errno());
                }
                if (n.value() == 0) {
                    return null;
                }
                return Arrays.copyOf(buffer.toArray(ValueLayout.JAVA_BYTE), (int) n.value());
            }
        }
    }

    /** Sends one packet. */
    public void send(byte[] data, int offset, int length) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, length));
            MemorySegment.copy(data, offset, buffer, ValueLayout.JAVA_BYTE, 0, length);
            Libc.Result n = Libc.send(fd, buffer, length);
            if (n.failed()) {
                throw new IOException("send: errno " + n.errno());
            }
        }
    }

    /** Half-closes the sending side (conmon then closes the container's stdin if it was told to). */
    public void shutdownOutput() {
        Libc.shutdown(fd, Libc.SHUT_WR);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Libc.shutdown(fd, 2);
            Libc.close(fd);
        }
    }
}
