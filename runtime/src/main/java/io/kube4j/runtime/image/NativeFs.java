package io.kube4j.runtime.image;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The few libc calls Java's file API lacks, made through the FFM API: creating device nodes
 * (overlayfs whiteouts are character devices 0/0), ownership of symlinks, full mode bits
 * (setuid/setgid/sticky) and extended attributes in the {@code trusted.} namespace (overlayfs's
 * opaque marker). Linux only; the JVM needs {@code --enable-native-access=ALL-UNNAMED}.
 *
 * <p>Stateless and thread-safe. Each call throws {@link IOException} naming the path and errno.
 */
public final class NativeFs {

    /** File type bits of {@code st_mode}. */
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFIFO = 0010000;

    private static final int EPERM = 1;
    private static final int ENODATA = 61;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_HANDLE = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle MKNOD = handle("mknod",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle LCHOWN = handle("lchown",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CHMOD = handle("chmod",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle LSETXATTR = handle("lsetxattr",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle LGETXATTR = handle("lgetxattr",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG));

    private NativeFs() {}

    @SuppressWarnings("restricted") // native access is this class's purpose; the launcher enables it
    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, ERRNO);
    }

    /** glibc's makedev encoding of a device number. */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** mknod(2): {@code type} is one of the S_IF* constants, {@code perm} the permission bits. */
    public static void mknod(Path path, int type, int perm, long device) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) MKNOD.invokeExact(state, cString(arena, path), type | (perm & 07777), device);
            check(rc, state, "mknod", path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * lchown(2): sets the owner of a path without following a symlink.
     *
     * @return false if not permitted (an unprivileged process), true once done
     */
    public static boolean lchown(Path path, int uid, int gid) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) LCHOWN.invokeExact(state, cString(arena, path), uid, gid);
            if (rc != 0 && errno(state) == EPERM) {
                return false;
            }
            check(rc, state, "lchown", path);
            return true;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** chmod(2) with all twelve mode bits (Java's PosixFilePermission has no setuid/setgid/sticky). */
    public static void chmod(Path path, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) CHMOD.invokeExact(state, cString(arena, path), mode & 07777);
            check(rc, state, "chmod", path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lsetxattr(2): sets an extended attribute on a path without following a symlink. */
    public static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment data = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, data, ValueLayout.JAVA_BYTE, 0, value.length);
            int rc = (int) LSETXATTR.invokeExact(state, cString(arena, path), arena.allocateFrom(name), data,
                    (long) value.length, 0);
            check(rc, state, "lsetxattr " + name, path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lgetxattr(2): an extended attribute's value, or null if the path has none of that name. */
    public static byte[] lgetxattr(Path path, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment buffer = arena.allocate(4096);
            long n = (long) LGETXATTR.invokeExact(state, cString(arena, path), arena.allocateFrom(name), buffer, 4096L);
            if (n < 0) {
                if (errno(state) == ENODATA) {
                    return null;
                }
                check(-1, state, "lgetxattr " + name, path);
            }
            return buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment cString(Arena arena, Path path) {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        MemorySegment s = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        s.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        return s;
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }

    private static void check(int rc, MemorySegment state, String call, Path path) throws IOException {
        if (rc != 0) {
            int errno = errno(state);
            throw new IOException(call + " " + path + " failed: errno " + errno + " (" + describe(errno) + ")");
        }
    }

    private static String describe(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted";
            case 2 -> "no such file or directory";
            case 13 -> "permission denied";
            case 17 -> "file exists";
            case 22 -> "invalid argument";
            case 95 -> "operation not supported";
            default -> "errno " + errno;
        };
    }
}
