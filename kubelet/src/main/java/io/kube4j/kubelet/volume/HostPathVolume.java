package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * hostPath: the node's path itself, after upstream's type check (DirectoryOrCreate and
 * FileOrCreate create it, 0755 / 0644; Directory, File, Socket, CharDevice and BlockDevice
 * must be that; "" checks nothing), with upstream's error texts. Stateless.
 */
final class HostPathVolume {

    private HostPathVolume() {}

    static HostVolume setUp(HostPathVolumeSource source) throws SetUpFailure {
        Path path = Path.of(source.getPath());
        check(path, source.getType());
        return new HostVolume(path, false);
    }

    static void check(Path path, String type) throws SetUpFailure {
        if (type == null || type.isEmpty()) {
            return;
        }
        try {
            switch (type) {
                case "DirectoryOrCreate" -> {
                    if (!Files.exists(path)) {
                        Files.createDirectories(path);
                        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        requireDirectory(path);
                    }
                }
                case "Directory" -> requireDirectory(path);
                case "FileOrCreate" -> {
                    if (!Files.exists(path)) {
                        Files.createFile(path);
                        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
                    } else {
                        requireFile(path);
                    }
                }
                case "File" -> requireFile(path);
                case "Socket" -> requireKind(path, 0140000, "a socket file");
                case "CharDevice" -> requireKind(path, 0020000, "a character device");
                case "BlockDevice" -> requireKind(path, 0060000, "a block device");
                default -> throw new SetUpFailure(type + " is an invalid volume type");
            }
        } catch (IOException e) {
            throw new SetUpFailure(e.getMessage(), e);
        }
    }

    private static void requireDirectory(Path path) throws SetUpFailure {
        if (!Files.isDirectory(path)) {
            throw new SetUpFailure("hostPath type check failed: " + path + " is not a directory");
        }
    }

    private static void requireFile(Path path) throws SetUpFailure {
        if (!Files.exists(path) || Files.isDirectory(path)) {
            throw new SetUpFailure("hostPath type check failed: " + path + " is not a file");
        }
    }

    private static void requireKind(Path path, int kind, String what) throws SetUpFailure {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (IOException | UnsupportedOperationException e) {
            throw new SetUpFailure("hostPath type check failed: " + path + " is not " + what);
        }
        if ((mode & 0170000) != kind) {
            throw new SetUpFailure("hostPath type check failed: " + path + " is not " + what);
        }
    }
}
