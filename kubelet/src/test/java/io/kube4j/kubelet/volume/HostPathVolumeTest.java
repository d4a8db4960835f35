package io.kube4j.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPathVolumeTest {

    @TempDir
    Path dir;

    private static HostVolume setUp(Path p, String type) throws SetUpFailure {
        return HostPathVolume.setUp(new HostPathVolumeSource(p.toString(), type));
    }

    @Test
    void createTypes() throws Exception {
        Path d = dir.resolve("a/b");
        assertThat(setUp(d, "DirectoryOrCreate")).isEqualTo(new HostVolume(d, false));
        assertThat(Files.isDirectory(d)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwxr-xr-x");
        Path f = dir.resolve("f.txt");
        setUp(f, "FileOrCreate");
        assertThat(Files.isRegularFile(f)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
        assertThatThrownBy(() -> setUp(f, "DirectoryOrCreate")).hasMessage("hostPath type check failed: " + f + " is not a directory");
        assertThatThrownBy(() -> setUp(d, "FileOrCreate")).hasMessage("hostPath type check failed: " + d + " is not a file");
    }

    @Test
    void checkTypes() throws Exception {
        Path missing = dir.resolve("missing");
        setUp(missing, "");
        setUp(missing, null);
        assertThatThrownBy(() -> setUp(missing, "Directory")).hasMessage("hostPath type check failed: " + missing + " is not a directory");
        assertThatThrownBy(() -> setUp(missing, "File")).hasMessage("hostPath type check failed: " + missing + " is not a file");
        assertThatThrownBy(() -> setUp(dir, "File")).hasMessage("hostPath type check failed: " + dir + " is not a file");
        assertThatThrownBy(() -> setUp(dir, "Socket")).hasMessage("hostPath type check failed: " + dir + " is not a socket file");
        assertThatThrownBy(() -> setUp(dir, "CharDevice")).hasMessage("hostPath type check failed: " + dir + " is not a character device");
        assertThatThrownBy(() -> setUp(Path.of("/dev/null"), "BlockDevice"))
                .hasMessage("hostPath type check failed: /dev/null is not a block device");
        assertThatThrownBy(() -> setUp(dir, "Weird")).hasMessage("Weird is an invalid volume type");
        setUp(dir, "Directory");
        setUp(Path.of("/dev/null"), "CharDevice");
        Path sock = dir.resolve("s.sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
            setUp(sock, "Socket");
        }
    }
}
