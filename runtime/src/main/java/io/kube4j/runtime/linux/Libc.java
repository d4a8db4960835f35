package io.kube4j.runtime.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the runtime makes itself through the FFM API (namespaces, UNIX packet
 * sockets), each returning errno with its result so callers can report it. Stateless and thread-safe.
 */
final class Libc {

    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int O_PATH = 0x200000;
    static final int AF_UNIX = 1;
    static final int SOCK_SEQPACKET = 5;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int SHUT_WR = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_HANDLE = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SETNS = downcall("setns",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CONNECT = downcall("connect",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECV = downcall("recv",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle SEND = downcall("send",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle SHUTDOWN = downcall("shutdown",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private static final MethodHandle BIND = downcall("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle LISTEN = downcall("listen",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle ACCEPT4 = downcall("accept4",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVMSG = downcall("recvmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle IOCTL = downcall("ioctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    private Libc() {}

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, ERRNO);
    }

    /** A call's result and the errno it left (meaningful when the result is negative). */
    record Result(long value, int errno) {
        boolean failed() {
            return value < 0;
        }
    }

    private static Result call(MethodHandle handle, Object... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            Object[] full = new Object[args.length + 1];
            full[0] = state;
            System.arraycopy(args, 0, full, 1, args.length);
            Object value = handle.invokeWithArguments(full);
            long result = value instanceof Integer i ? i : (Long) value;
            return new Result(result, (int) ERRNO_HANDLE.get(state, 0L));
        } catch (Throwable e) {
            throw new IllegalStateException("libc call failed: " + e, e);
        }
    }

    static Result open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return call(OPEN, arena.allocateFrom(path), flags);
        }
    }

    static void close(int fd) {
        if (fd >= 0) {
            call(CLOSE, fd);
        }
    }

    static Result setns(int fd, int type) {
        return call(SETNS, fd, type);
    }

    static Result socket(int domain, int type) {
        return call(SOCKET, domain, type, 0);
    }

    /** connect(2) to the UNIX socket at {@code path} (at most 107 bytes). */
    static Result connectUnix(int fd, String path) {
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > 107) {
            return new Result(-1, 36); // ENAMETOOLONG
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(110);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(bytes, 0, addr, ValueLayout.JAVA_BYTE, 2, bytes.length);
            return call(CONNECT, fd, addr, 110);
        }
    }

    private static MemorySegment unixAddress(Arena arena, String path) {
        byte[] bytes = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MemorySegment addr = arena.allocate(110);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(bytes, 0, addr, ValueLayout.JAVA_BYTE, 2, Math.min(bytes.length, 107));
        return addr;
    }

    /** bind(2) and listen(2) at {@code path} (at most 107 bytes). */
    static Result bindAndListen(int fd, String path) {
        if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
            return new Result(-1, 36);
        }
        try (Arena arena = Arena.ofConfined()) {
            Result bound = call(BIND, fd, unixAddress(arena, path), 110);
            return bound.failed() ? bound : call(LISTEN, fd, 1);
        }
    }

    static Result accept(int fd) {
        return call(ACCEPT4, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
    }

    /** Receives one message carrying a file descriptor (SCM_RIGHTS); the result is that descriptor. */
    static Result receiveFd(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(4096);
            MemorySegment iov = arena.allocate(16, 8);
            iov.set(ValueLayout.ADDRESS, 0, data);
            iov.set(ValueLayout.JAVA_LONG, 8, data.byteSize());
            MemorySegment control = arena.allocate(64, 8);
            MemorySegment msg = arena.allocate(56, 8); // struct msghdr on LP64
            msg.set(ValueLayout.ADDRESS, 16, iov);
            msg.set(ValueLayout.JAVA_LONG, 24, 1);
            msg.set(ValueLayout.ADDRESS, 32, control);
            msg.set(ValueLayout.JAVA_LONG, 40, control.byteSize());
            Result n = call(RECVMSG, fd, msg, 0x40000000); // MSG_CMSG_CLOEXEC
            if (n.failed()) {
                return n;
            }
            long controlLength = msg.get(ValueLayout.JAVA_LONG, 40);
            // struct cmsghdr: len (8), level (4), type (4), then the descriptor
            if (controlLength < 20 || control.get(ValueLayout.JAVA_INT, 8) != 1 || control.get(ValueLayout.JAVA_INT, 12) != 1) {
                return new Result(-1, 22); // EINVAL: no descriptor came
            }
            return new Result(control.get(ValueLayout.JAVA_INT, 16), 0);
        }
    }

    static Result read(int fd, MemorySegment buffer) {
        return call(READ, fd, buffer, buffer.byteSize());
    }

    static Result write(int fd, MemorySegment buffer, long length) {
        return call(WRITE, fd, buffer, length);
    }

    /** TIOCSWINSZ: sets a terminal's size. */
    static Result setWindowSize(int fd, int rows, int columns) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(8, 2);
            size.set(ValueLayout.JAVA_SHORT, 0, (short) rows);
            size.set(ValueLayout.JAVA_SHORT, 2, (short) columns);
            return call(IOCTL, fd, 0x5414L, size);
        }
    }

    static Result recv(int fd, MemorySegment buffer) {
        return call(RECV, fd, buffer, buffer.byteSize(), 0);
    }

    static Result send(int fd, MemorySegment buffer, long length) {
        return call(SEND, fd, buffer, length, 0x4000); // MSG_NOSIGNAL
    }

    static Result shutdown(int fd, int how) {
        return call(SHUTDOWN, fd, how);
    }
}
