package io.kube4j.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.runtime.testing.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {

    @TempDir
    Path dir;

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private LayerUnpacker.Result unpack(byte[] tar) throws IOException {
        return LayerUnpacker.unpack(new ByteArrayInputStream(tar), dir);
    }

    @Test
    void keepsFilesDirsSymlinksHardlinksModesOwnersAndMtimes() throws Exception {
        byte[] tar = TarWriter.build(t -> t.dir("./etc", 0700)
                .entry("etc/shadow", '0', 0640, 0, 42, "", "x".getBytes(StandardCharsets.UTF_8))
                .file("/usr/bin/tool", 04755, "#!/bin/sh\n")
                .hardlink("usr/bin/tool2", "usr/bin/tool")
                .symlink("bin", "usr/bin")
                .entry("tmp/", '5', 01777, 0, 0, "", new byte[0]));
        LayerUnpacker.Result r = unpack(tar);

        assertThat(r.diffId()).isEqualTo(Digests.of(tar));
        assertThat(r.sizeBytes()).isEqualTo(1 + 10);
        assertThat(Files.readString(dir.resolve("usr/bin/tool"))).isEqualTo("#!/bin/sh\n");
        assertThat(Files.getAttribute(dir.resolve("usr/bin/tool"), "unix:mode")).isEqualTo(0100000 | 04755);
        assertThat(Files.getAttribute(dir.resolve("tmp"), "unix:mode")).isEqualTo(0040000 | 01777);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("etc")))).isEqualTo("rwx------");
        assertThat(Files.isSameFile(dir.resolve("usr/bin/tool"), dir.resolve("usr/bin/tool2"))).isTrue();
        assertThat(Files.readSymbolicLink(dir.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
        assertThat(Files.getLastModifiedTime(dir.resolve("etc/shadow")).toMillis()).isEqualTo(TarWriter.MTIME * 1000);
        assertThat(Files.getLastModifiedTime(dir.resolve("etc")).toMillis()).isEqualTo(TarWriter.MTIME * 1000);
        assertThat(Files.getLastModifiedTime(dir.resolve("bin"), LinkOption.NOFOLLOW_LINKS).toMillis())
                .isEqualTo(TarWriter.MTIME * 1000);
        if (root()) {
            assertThat(Files.getAttribute(dir.resolve("etc/shadow"), "unix:gid")).isEqualTo(42);
        }
    }

    @Test
    void gzipIsDetectedByMagicAndGivesTheSameDiffId() throws Exception {
        byte[] tar = TarWriter.build(t -> t.file("a", 0644, "a"));
        LayerUnpacker.Result r = LayerUnpacker.unpack(new ByteArrayInputStream(TarWriter.gzip(tar)), dir);
        assertThat(r.diffId()).isEqualTo(Digests.of(tar));
        assertThat(Files.readString(dir.resolve("a"))).isEqualTo("a");
    }

    @Test
    void zstdIsRefusedClearly() {
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        assertThatThrownBy(() -> unpack(zstd)).isInstanceOf(LayerUnpacker.LayerException.class)
                .hasMessageContaining("zstd-compressed layers are not supported");
    }

    @Test
    void dotDotIsRefused() {
        byte[] tar = TarWriter.build(t -> t.file("../../escape", 0644, "x"));
        assertThatThrownBy(() -> unpack(tar)).isInstanceOf(LayerUnpacker.LayerException.class)
                .hasMessageContaining("path traversal refused");
        assertThat(dir.getParent().resolve("escape")).doesNotExist();
    }

    @Test
    void writingThroughASymlinkIsRefused() {
        Path outside = dir.resolveSibling("outside-" + System.nanoTime());
        byte[] tar = TarWriter.build(t -> t.symlink("link", outside.toString()).file("link/planted", 0644, "x"));
        assertThatThrownBy(() -> unpack(tar)).isInstanceOf(LayerUnpacker.LayerException.class)
                .hasMessageContaining("passes through the symlink link");
        assertThat(outside.resolve("planted")).doesNotExist();
    }

    @Test
    void hardLinksOutsideTheLayerAreRefused() {
        byte[] tar = TarWriter.build(t -> t.hardlink("passwd", "../../../etc/passwd"));
        assertThatThrownBy(() -> unpack(tar)).hasMessageContaining("path traversal refused");
        byte[] absent = TarWriter.build(t -> t.hardlink("passwd", "/etc/passwd"));
        assertThatThrownBy(() -> unpack(absent)).hasMessageContaining("does not name an earlier file of the layer");
    }

    @Test
    void aLaterEntryReplacesAnEarlierOne() throws Exception {
        byte[] tar = TarWriter.build(t -> t.file("x", 0644, "first").symlink("x", "elsewhere").file("y", 0644, "1")
                .file("y", 0600, "2"));
        unpack(tar);
        assertThat(Files.readSymbolicLink(dir.resolve("x"))).isEqualTo(Path.of("elsewhere"));
        assertThat(Files.readString(dir.resolve("y"))).isEqualTo("2");
    }

    @Test
    void whiteoutsBecomeOverlayWhiteouts() throws Exception {
        Assumptions.assumeTrue(root(), "mknod and trusted.* xattrs need root");
        byte[] tar = TarWriter.build(t -> t.dir("data", 0755).file("data/.wh.gone", 0644, new byte[0])
                .dir("opq", 0755).file("opq/.wh..wh..opq", 0644, new byte[0]).file("opq/new", 0644, "n")
                .file("deep/er/.wh.x", 0644, new byte[0]).file("z/.wh..wh.plnk", 0644, new byte[0]));
        unpack(tar);
        Path gone = dir.resolve("data/gone");
        assertThat(Files.getAttribute(gone, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(NativeFs.S_IFCHR);
        assertThat(Files.getAttribute(gone, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0L);
        assertThat(dir.resolve("data/.wh.gone")).doesNotExist();
        assertThat(NativeFs.lgetxattr(dir.resolve("opq"), LayerUnpacker.OPAQUE_XATTR)).isEqualTo("y".getBytes());
        assertThat(NativeFs.lgetxattr(dir.resolve("data"), LayerUnpacker.OPAQUE_XATTR)).isNull();
        assertThat(dir.resolve("opq/.wh..wh..opq")).doesNotExist();
        assertThat(Files.readString(dir.resolve("opq/new"))).isEqualTo("n");
        assertThat(Files.getAttribute(dir.resolve("deep/er/x"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(NativeFs.S_IFCHR);
        assertThat(dir.resolve("z")).isDirectory().isEmptyDirectory();
    }

    @Test
    void invalidWhiteoutIsRefused() {
        byte[] tar = TarWriter.build(t -> t.file("a/.wh.", 0644, new byte[0]));
        assertThatThrownBy(() -> unpack(tar)).hasMessageContaining("invalid whiteout");
    }

    @Test
    void longNamesThroughPaxHeaders() throws Exception {
        String longName = "d/" + "n".repeat(150);
        unpack(TarWriter.build(t -> t.file(longName, 0644, "long")));
        assertThat(Files.readString(dir.resolve(longName))).isEqualTo("long");
    }

    @Test
    void truncatedOrCorruptTarFails() {
        byte[] tar = TarWriter.build(t -> t.file("a", 0644, "x".repeat(2000)));
        byte[] truncated = java.util.Arrays.copyOf(tar, 1000);
        assertThatThrownBy(() -> unpack(truncated)).isInstanceOf(IOException.class);
        byte[] corrupt = tar.clone();
        corrupt[10] ^= 1;
        assertThatThrownBy(() -> LayerUnpacker.unpack(new ByteArrayInputStream(corrupt), dir.resolve("..").resolve(dir.getFileName())))
                .hasMessageContaining("checksum");
    }
}
