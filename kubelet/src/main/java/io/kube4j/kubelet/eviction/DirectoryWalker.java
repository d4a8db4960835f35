package io.kube4j.kubelet.eviction;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * Measures directories as {@code du -x -s} does (upstream's fsquota-less volume metrics): every
 * entry counts as one inode, regular files by their size; symbolic links are not followed and a
 * directory on another filesystem (a mount inside an emptyDir) is not entered. One walker is one
 * measuring pass with a budget of entries and time shared by every directory it measures: once
 * spent, what is left is not walked and the figures are lower bounds ({@link #exhausted()}).
 * Not thread-safe: one pass at a time.
 */
public final class DirectoryWalker {

    private final long deadlineNanos;
    private long entriesLeft;
    private boolean exhausted;

    /** A pass of at most {@code maxEntries} entries and {@code maxTime}. */
    public DirectoryWalker(long maxEntries, Duration maxTime) {
        this.entriesLeft = maxEntries;
        this.deadlineNanos = System.nanoTime() + maxTime.toNanos();
    }

    /** Whether the budget ran out during this pass. */
    public boolean exhausted() {
        return exhausted;
    }

    /** The usage under {@code dir}; zero when it does not exist. */
    public DiskUsage measure(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return DiskUsage.ZERO;
        }
        Object device = device(dir);
        long[] totals = new long[2];
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (!spend()) {
                        return FileVisitResult.TERMINATE;
                    }
                    if (device != null && !d.equals(dir) && !device.equals(device(d))) {
                        return FileVisitResult.SKIP_SUBTREE; // another filesystem mounted here
                    }
                    totals[1]++;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (!spend()) {
                        return FileVisitResult.TERMINATE;
                    }
                    totals[1]++;
                    if (attrs.isRegularFile()) {
                        totals[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while walking, or unreadable: not counted
                }
            });
        } catch (NoSuchFileException e) {
            return DiskUsage.ZERO;
        } catch (IOException e) {
            // what was counted stands
        }
        return new DiskUsage(totals[0], totals[1]);
    }

    private boolean spend() {
        if (entriesLeft <= 0 || ((entriesLeft & 1023) == 0 && System.nanoTime() > deadlineNanos)) {
            exhausted = true;
            return false;
        }
        entriesLeft--;
        return true;
    }

    private static Object device(Path p) {
        try {
            return Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
