package io.kube4j.runtime.testing;

import io.kube4j.runtime.image.Digests;
import io.kube4j.runtime.image.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tiny OCI images built at test time from Debian's busybox-static: {@link #busybox()} (one layer:
 * /bin/busybox, its applet symlinks, /etc/passwd with root and nobody, /tmp; Cmd ["sh"], PATH set)
 * and {@link #whiteout()} (the busybox layer, a layer of files, and a layer that whites one of them
 * out and makes a directory opaque). Content is deterministic (fixed mtimes, owners, gzip headers),
 * so digests are stable within a run. Thread-safe (images are built once per JVM).
 *
 * <p>Tests call {@link #assumeBusybox()} (done by every builder here) so that they are skipped,
 * not failed, on a host without {@code /usr/bin/busybox}.
 */
public final class TestImages {

    public static final String BUSYBOX = "kube4j.test/busybox:latest";
    public static final String WHITEOUT = "kube4j.test/whiteout:latest";
    public static final Path BUSYBOX_BINARY = Path.of("/usr/bin/busybox");
    public static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** The applets linked in /bin of the busybox image. */
    public static final List<String> APPLETS = List.of(
            "sh", "ash", "ls", "cat", "echo", "sleep", "nc", "wget", "httpd", "ps", "kill", "id", "hostname", "env",
            "true", "false", "mkdir", "touch", "head", "tail", "date", "cut", "grep", "dd", "seq", "yes", "printf",
            "test", "[", "ip", "rm", "cp", "mv", "ln", "chmod", "chown", "sed", "awk", "wc", "sort", "uniq", "tr",
            "tee", "find", "xargs", "uname", "whoami", "mount", "umount", "df", "du", "free", "top", "ping",
            "nslookup", "netstat", "ifconfig", "basename", "dirname", "pwd", "readlink", "stat", "sync", "stty",
            "timeout", "watch", "pidof", "pkill", "nohup", "md5sum", "sha256sum", "base64", "hexdump", "od",
            "vi", "more", "less", "tar", "gzip", "gunzip", "rmdir", "mknod", "setsid", "su", "usleep");

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static volatile Image busybox;
    private static volatile Image whiteout;

    private TestImages() {}

    /** An image's blobs. {@code layers} are gzip-compressed; {@code diffIds} their uncompressed digests. */
    public record Image(byte[] manifest, byte[] config, List<byte[]> layers, List<String> diffIds) {
        public String manifestDigest() {
            return Digests.of(manifest);
        }

        /** The image id: "sha256:" + the config's digest. */
        public String id() {
            return Digests.of(config);
        }
    }

    /** Skips the calling test where Debian's busybox-static is not installed. */
    public static void assumeBusybox() {
        Assumptions.assumeTrue(Files.isRegularFile(BUSYBOX_BINARY) && Files.isExecutable(BUSYBOX_BINARY),
                "needs Debian's busybox-static at " + BUSYBOX_BINARY);
    }

    /** The uncompressed busybox layer. */
    public static byte[] busyboxLayer() {
        assumeBusybox();
        byte[] binary;
        try {
            binary = Files.readAllBytes(BUSYBOX_BINARY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TarWriter.build(t -> {
            t.dir("bin", 0755);
            t.file("bin/busybox", 0755, binary);
            for (String applet : APPLETS.stream().distinct().sorted().toList()) {
                t.symlink("bin/" + applet, "busybox");
            }
            t.dir("dev", 0755).dir("proc", 0555).dir("sys", 0555).dir("etc", 0755);
            t.file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
            t.file("etc/group", 0644, "root:x:0:\nnogroup:x:65534:\n");
            t.dir("root", 0700).dir("tmp", 01777).dir("usr", 0755).dir("usr/bin", 0755).dir("var", 0755);
        });
    }

    public static synchronized Image busybox() {
        if (busybox == null) {
            busybox = image(List.of(busyboxLayer()), List.of("sh"));
        }
        return busybox;
    }

    /**
     * The whiteout image: busybox; then /data/gone, /data/kept, /opq/old and /opq/sub/deep; then a
     * layer with /data/.wh.gone (hides /data/gone), /opq/.wh..wh..opq (hides what lower layers have
     * in /opq) and /opq/new.
     */
    public static synchronized Image whiteout() {
        if (whiteout == null) {
            byte[] files = TarWriter.build(t -> t.dir("data", 0755).file("data/gone", 0644, "gone\n")
                    .file("data/kept", 0644, "kept\n").dir("opq", 0755).file("opq/old", 0644, "old\n")
                    .dir("opq/sub", 0755).file("opq/sub/deep", 0644, "deep\n"));
            byte[] whiteouts = TarWriter.build(t -> t.dir("data", 0755).file("data/.wh.gone", 0644, new byte[0])
                    .dir("opq", 0755).file("opq/.wh..wh..opq", 0644, new byte[0]).file("opq/new", 0644, "new\n"));
            whiteout = image(List.of(busyboxLayer(), files, whiteouts), List.of("sh"));
        }
        return whiteout;
    }

    /** An OCI image of the given uncompressed layers (gzip-compressed here) for the host's platform. */
    public static Image image(List<byte[]> uncompressedLayers, List<String> cmd) {
        List<byte[]> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (byte[] tar : uncompressedLayers) {
            diffIds.add(Digests.of(tar));
            layers.add(TarWriter.gzip(tar));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", "2023-11-14T22:13:20Z");
        config.put("architecture", architecture());
        config.put("os", "linux");
        Map<String, Object> containerConfig = new LinkedHashMap<>();
        containerConfig.put("Env", List.of(PATH_ENV));
        containerConfig.put("Cmd", cmd);
        config.put("config", containerConfig);
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", diffIds);
        config.put("rootfs", rootfs);
        byte[] configBytes = JSON.writeValueAsBytes(config);
        List<Map<String, Object>> layerDescriptors = new ArrayList<>();
        for (byte[] l : layers) {
            layerDescriptors.add(descriptor(MediaTypes.OCI_LAYER_GZIP, l));
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("config", descriptor(MediaTypes.OCI_CONFIG, configBytes));
        manifest.put("layers", layerDescriptors);
        return new Image(JSON.writeValueAsBytes(manifest), configBytes, layers, diffIds);
    }

    /** Writes an OCI image layout holding the busybox image named {@link #BUSYBOX}. */
    public static Path busyboxLayout(Path dir) {
        return writeLayout(dir, Map.of(BUSYBOX, busybox()));
    }

    /** Writes an OCI image layout holding the whiteout image named {@link #WHITEOUT}. */
    public static Path whiteoutLayout(Path dir) {
        return writeLayout(dir, Map.of(WHITEOUT, whiteout()));
    }

    /**
     * Writes an OCI image layout of the given images, each named in index.json by both
     * {@code io.containerd.image.name} and {@code org.opencontainers.image.ref.name}.
     */
    public static Path writeLayout(Path dir, Map<String, Image> images) {
        try {
            Path blobs = Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
            List<Map<String, Object>> manifests = new ArrayList<>();
            for (Map.Entry<String, Image> e : new java.util.TreeMap<>(images).entrySet()) {
                Image image = e.getValue();
                writeBlob(blobs, image.manifest());
                writeBlob(blobs, image.config());
                for (byte[] layer : image.layers()) {
                    writeBlob(blobs, layer);
                }
                Map<String, Object> d = descriptor(MediaTypes.OCI_MANIFEST, image.manifest());
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put("io.containerd.image.name", e.getKey());
                annotations.put("org.opencontainers.image.ref.name", e.getKey());
                d.put("annotations", annotations);
                manifests.add(d);
            }
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
            index.put("manifests", manifests);
            Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a directory (an OCI layout) as a tar file, for imports of "a tar of a layout". */
    public static Path tar(Path dir, Path tarFile) {
        try (var files = Files.walk(dir); var out = Files.newOutputStream(tarFile)) {
            TarWriter w = new TarWriter(out);
            for (Path p : files.sorted().toList()) {
                String name = dir.relativize(p).toString();
                if (name.isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    w.dir(name, 0755);
                } else {
                    w.file(name, 0644, Files.readAllBytes(p));
                }
            }
            w.finish();
            return tarFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Object> descriptor(String mediaType, byte[] content) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", Digests.of(content));
        d.put("size", content.length);
        return d;
    }

    private static void writeBlob(Path blobs, byte[] content) throws IOException {
        Path p = blobs.resolve(Digests.hex(Digests.of(content)));
        if (!Files.exists(p)) {
            Files.write(p, content);
        }
    }

    /** The host's architecture in OCI's terms. */
    public static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
