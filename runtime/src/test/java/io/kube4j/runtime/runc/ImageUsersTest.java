package io.kube4j.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.runtime.RuntimeFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageUsersTest {

    @TempDir
    Path rootfs;

    @BeforeEach
    void writeTables() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nweb:x:33:34::/var/www:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nwww:x:34:\nadm:x:4:web,other\nstaff:x:50:\n");
    }

    @Test
    void resolvesNamesNumbersAndOverrides() {
        assertThat(ImageUsers.resolve(rootfs, "", null, null, List.of())).isEqualTo(new ImageUsers.Identity(0, 0, List.of()));
        assertThat(ImageUsers.resolve(rootfs, "web", null, null, List.of()))
                .isEqualTo(new ImageUsers.Identity(33, 34, List.of(4L)));
        assertThat(ImageUsers.resolve(rootfs, "web:staff", null, null, List.of()))
                .isEqualTo(new ImageUsers.Identity(33, 50, List.of(4L)));
        assertThat(ImageUsers.resolve(rootfs, "1234:99", null, null, List.of())).isEqualTo(new ImageUsers.Identity(1234, 99, List.of()));
        assertThat(ImageUsers.resolve(rootfs, "web", 33L, 7L, List.of(1000L)))
                .isEqualTo(new ImageUsers.Identity(33, 7, List.of(4L, 1000L)));
        assertThat(ImageUsers.resolve(rootfs, "", 5000L, null, List.of())).isEqualTo(new ImageUsers.Identity(5000, 0, List.of()));
    }

    @Test
    void unknownNamesAreRefusedAndHostFilesNeverRead() throws Exception {
        assertThatThrownBy(() -> ImageUsers.resolve(rootfs, "nobody-here", null, null, List.of()))
                .isInstanceOf(RuntimeFailure.class).hasMessageContaining("nobody-here");
        assertThatThrownBy(() -> ImageUsers.resolve(rootfs, "web:nogroup", null, null, List.of()))
                .isInstanceOf(RuntimeFailure.class).hasMessageContaining("nogroup");
        Files.delete(rootfs.resolve("etc/passwd"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/passwd"));
        assertThatThrownBy(() -> ImageUsers.resolve(rootfs, "root", null, null, List.of())).isInstanceOf(RuntimeFailure.class);
    }
}
