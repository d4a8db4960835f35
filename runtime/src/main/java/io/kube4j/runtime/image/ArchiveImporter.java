package io.kube4j.runtime.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Reads image archives into the content store: an OCI image layout (a directory, or a tar of
 * one, optionally gzip-compressed) and a docker-archive tarball ({@code docker save}). Every blob's
 * digest and every layer's diffID is verified; layers already present are not unpacked again.
 *
 * <p>Names: in a layout, {@code io.containerd.image.name}, else
 * {@code org.opencontainers.image.ref.name} when it is a whole reference (a bare tag such as "1.0"
 * names no repository, so such an image is imported untagged); in a docker-archive, RepoTags.
 * Stateless apart from the store; thread-safe.
 */
final class ArchiveImporter {

    static final String CONTAINERD_NAME = "io.containerd.image.name";
    static final String OCI_REF_NAME = "org.opencontainers.image.ref.name";

    /** One image of an archive, unpacked and ready to be recorded. */
    record Imported(String configDigest, ConfigBlob config, List<String> tags, List<String> repoDigests, List<String> blobs) {}

    private final ContentStore content;
    private final Path tmp;
    private final String platform;

    ArchiveImporter(ContentStore content, Path tmp, String platform) {
        this.content = content;
        this.tmp = tmp;
        this.platform = platform;
    }

    List<Imported> importArchive(Path archive) throws IOException {
        if (Files.isDirectory(archive)) {
            return importDirectory(archive);
        }
        Path dir = tmp.resolve("import-" + UUID.randomUUID());
        try {
            extract(archive, dir);
            return importDirectory(dir);
        } finally {
            LayerUnpacker.deleteRecursively(dir);
        }
    }

    private List<Imported> importDirectory(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("index.json"))) {
            return importLayout(dir);
        }
        if (Files.isRegularFile(dir.resolve("manifest.json"))) {
            return importDockerArchive(dir);
        }
        throw new IOException("neither an OCI image layout (no index.json) nor a docker-archive (no manifest.json)");
    }

    private List<Imported> importLayout(Path dir) throws IOException {
        List<Imported> out = new ArrayList<>();
        for (Descriptor top : Manifests.index(Files.readAllBytes(dir.resolve("index.json")))) {
            List<String> blobs = new ArrayList<>();
            Descriptor manifestDescriptor = top;
            if (MediaTypes.INDEXES.contains(top.mediaType())) {
                byte[] index = layoutBlob(dir, top.digest());
                blobs.add(content.putBlob(index));
                manifestDescriptor = Manifests.select(Manifests.index(index), platform).orElseThrow(() ->
                        new IOException("no match for platform " + platform + " in index " + top.digest()));
            }
            byte[] manifestBytes = layoutBlob(dir, manifestDescriptor.digest());
            String mediaType = manifestDescriptor.mediaType().isEmpty()
                    ? Manifests.mediaType(manifestBytes, "") : manifestDescriptor.mediaType();
            Manifests.Manifest manifest = Manifests.manifest(manifestBytes, mediaType);
            blobs.add(content.putBlob(manifestBytes));
            byte[] configBytes = layoutBlob(dir, manifest.config().digest());
            blobs.add(content.putBlob(configBytes));
            ConfigBlob config = ConfigBlob.parse(configBytes);
            if (config.diffIds().size() != manifest.layers().size()) {
                throw new IOException("manifest " + manifestDescriptor.digest() + " has " + manifest.layers().size()
                        + " layers but its config " + config.diffIds().size() + " diffIDs");
            }
            for (int i = 0; i < manifest.layers().size(); i++) {
                Descriptor layer = manifest.layers().get(i);
                String diffId = config.diffIds().get(i);
                if (!content.hasLayer(diffId)) {
                    Path blob = dir.resolve("blobs").resolve("sha256").resolve(Digests.hex(layer.digest()));
                    verify(blob, layer.digest());
                    content.unpack(diffId, () -> Files.newInputStream(blob));
                }
            }
            List<String> tags = new ArrayList<>();
            List<String> digests = new ArrayList<>();
            ImageReference name = name(top);
            if (name != null) {
                if (name.tagged() != null) {
                    tags.add(name.tagged());
                }
                digests.add(name.withDigest(top.digest()));
            }
            out.add(new Imported(manifest.config().digest(), config, tags, digests, blobs));
        }
        return out;
    }

    /** The reference an index entry names, or null. */
    static ImageReference name(Descriptor top) {
        String full = top.annotations().get(CONTAINERD_NAME);
        if (full == null) {
            String ref = top.annotations().get(OCI_REF_NAME);
            if (ref != null && (ref.contains("/") || ref.contains(":") || ref.contains("@"))) {
                full = ref;
            }
        }
        if (full == null) {
            return null;
        }
        try {
            return ImageReference.parse(full);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private List<Imported> importDockerArchive(Path dir) throws IOException {
        JsonNode manifests = Manifests.JSON.readTree(Files.readAllBytes(dir.resolve("manifest.json")));
        if (!manifests.isArray()) {
            throw new IOException("docker-archive manifest.json is not a list");
        }
        List<Imported> out = new ArrayList<>();
        for (JsonNode m : manifests) {
            byte[] configBytes = Files.readAllBytes(inside(dir, m.path("Config").asString("")));
            String configDigest = content.putBlob(configBytes);
            ConfigBlob config = ConfigBlob.parse(configBytes);
            JsonNode layers = m.path("Layers");
            if (!layers.isArray() || layers.size() != config.diffIds().size()) {
                throw new IOException("docker-archive image " + configDigest + " lists " + layers.size()
                        + " layers but its config " + config.diffIds().size() + " diffIDs");
            }
            for (int i = 0; i < layers.size(); i++) {
                Path layer = inside(dir, layers.get(i).asString(""));
                String diffId = config.diffIds().get(i);
                if (!content.hasLayer(diffId)) {
                    content.unpack(diffId, () -> Files.newInputStream(layer));
                }
            }
            List<String> tags = new ArrayList<>();
            for (JsonNode t : m.path("RepoTags")) {
                try {
                    ImageReference ref = ImageReference.parse(t.asString(""));
                    if (ref.tagged() != null) {
                        tags.add(ref.tagged());
                    }
                } catch (IllegalArgumentException e) {
                    throw new IOException("docker-archive names an invalid reference: " + e.getMessage(), e);
                }
            }
            out.add(new Imported(configDigest, config, tags, List.of(), List.of(configDigest)));
        }
        return out;
    }

    private static byte[] layoutBlob(Path dir, String digest) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("blobs").resolve("sha256").resolve(Digests.hex(digest)));
        String actual = Digests.of(bytes);
        if (!actual.equals(digest)) {
            throw new IOException("blob " + digest + " of the layout has digest " + actual);
        }
        return bytes;
    }

    private static void verify(Path blob, String digest) throws IOException {
        String actual = Digests.of(blob);
        if (!actual.equals(digest)) {
            throw new IOException("blob " + digest + " of the layout has digest " + actual);
        }
    }

    private static Path inside(Path dir, String rel) throws IOException {
        return dir.resolve(LayerUnpacker.clean(rel));
    }

    /** Extracts an archive's files (and in-archive symlinks, as copies) into {@code dir}. */
    private static void extract(Path archive, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<Path, Path> links = new LinkedHashMap<>();
        try (InputStream in = LayerUnpacker.decompress(Files.newInputStream(archive))) {
            TarReader reader = new TarReader(in);
            TarEntry e;
            while ((e = reader.next()) != null) {
                String rel = LayerUnpacker.clean(e.name());
                if (rel.isEmpty()) {
                    continue;
                }
                Path target = dir.resolve(rel);
                switch (e.type()) {
                    case DIRECTORY -> Files.createDirectories(target);
                    case FILE -> {
                        Files.createDirectories(target.getParent());
                        try (InputStream content = reader.content();
                             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                                     StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                            content.transferTo(out);
                        }
                    }
                    case SYMLINK, HARDLINK -> {
                        String base = e.type() == TarEntry.Type.SYMLINK && !e.linkName().startsWith("/")
                                ? parentOf(rel) + e.linkName() : e.linkName();
                        String normal = Path.of("/" + base).normalize().toString();
                        links.put(target, dir.resolve(LayerUnpacker.clean(normal)));
                    }
                    default -> { } // archives of images hold nothing else
                }
            }
        }
        for (Map.Entry<Path, Path> link : links.entrySet()) {
            if (Files.isRegularFile(link.getValue(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(link.getKey().getParent());
                Files.copy(link.getValue(), link.getKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static String parentOf(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash + 1);
    }
}
