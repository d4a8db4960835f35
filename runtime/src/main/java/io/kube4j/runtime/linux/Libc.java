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
    static final int CLONE_NEWUTS = 0x04000000;
    static final int CLONE_NEWIPC = 0x08000000;
    static final int SHUT_WR = 1;
    static final long MS_NOSUID = 0x2;
    static final long MS_NODEV = 0x4;
    static final long MS_NOEXEC = 0x8;
    static final long MS_BIND = 0x1000;
    static final long MS_PRIVATE = 1L << 18;
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final long SIOCGIFFLAGS = 0x8913;
    static final long SIOCSIFFLAGS = 0x8914;
    static final short IFF_UP = 0x1;
    /** struct ifreq: a 16-byte interface name, then a 24-byte union (flags are its first short). */
    static final int IFREQ_SIZE = 40;

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
    private static final MethodHandle MOUNT = downcall("mount", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle MKFIFO = downcall("mkfifo",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle UNSHARE = downcall("unshare",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SETHOSTNAME = downcall("sethostname",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    // ioctl is variadic in C: the request's argument is passed as a variadic pointer.
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            ERRNO, Linker.Option.firstVariadicArg(2));


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

    static Result recv(int fd, MemorySegment buffer) {
        return call(RECV, fd, buffer, buffer.byteSize(), 0);
    }

    static Result send(int fd, MemorySegment buffer, long length) {
        return call(SEND, fd, buffer, length, 0x4000); // MSG_NOSIGNAL
    }

    static Result shutdown(int fd, int how) {
        return call(SHUTDOWN, fd, how);
    }

    /** mount(2); a null {@code source}, {@code fsType} or {@code data} is passed as NULL. */
    static Result mount(String source, String target, String fsType, long flags, String data) {
        try (Arena arena = Arena.ofConfined()) {
            return call(MOUNT, string(arena, source), arena.allocateFrom(target), string(arena, fsType), flags, string(arena, data));
        }
    }

    static Result mkfifo(String path, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return call(MKFIFO, arena.allocateFrom(path), mode);
        }
    }

    /** unshare(2): for the namespaces here, moves only the calling thread. */
    static Result unshare(int flags) {
        return call(UNSHARE, flags);
    }

    static Result sethostname(String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return call(SETHOSTNAME, segment, (long) bytes.length);
        }
    }

    static Result ioctl(int fd, long request, MemorySegment argument) {
        return call(IOCTL, fd, request, argument);
    }

    private static MemorySegment string(Arena arena, String value) {
        return value == null ? MemorySegment.NULL : arena.allocateFrom(value);
    }

    /** The errno's symbolic name for the common ones a mount or namespace call returns, else its number. */
    static String errnoName(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 13 -> "EACCES";
            case 16 -> "EBUSY";
            case 19 -> "ENODEV";
            case 20 -> "ENOTDIR";
            case 22 -> "EINVAL";
            case 28 -> "ENOSPC";
            case 36 -> "ENAMETOOLONG";
            default -> "errno " + errno;
        };
    }
}
