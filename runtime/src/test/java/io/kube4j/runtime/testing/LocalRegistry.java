package io.kube4j.runtime.testing;

import io.kube4j.runtime.image.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's {@code docker-registry} (Distribution registry v2) on 127.0.0.1 at a free port, storing
 * in a temporary directory, for tests that pull. {@link #push} uploads an OCI image layout through
 * the Distribution API (monolithic blob uploads: POST then PUT; manifest PUT). {@link #close()}
 * kills the registry and deletes its directory.
 *
 * <p>{@link #start()} skips the calling test (JUnit assumption) where the binary is missing.
 * Thread-safe for pushes of different repositories.
 */
public final class LocalRegistry implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path dir;
    private final String address;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private LocalRegistry(Process process, Path dir, String address) {
        this.process = process;
        this.dir = dir;
        this.address = address;
    }

    /** Starts a registry and waits (up to 15 s) until {@code /v2/} answers. */
    public static LocalRegistry start() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "needs Debian's docker-registry at " + BINARY);
        Path dir = Files.createTempDirectory("kube4j-registry-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: %s
                """.formatted(dir.resolve("data"), address));
        Process p = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry registry = new LocalRegistry(p, dir, address);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                HttpResponse<Void> r = registry.http.send(HttpRequest.newBuilder(registry.uri("/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return registry;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String log = Files.exists(dir.resolve("registry.log")) ? Files.readString(dir.resolve("registry.log")) : "";
                registry.close();
                throw new IOException("docker-registry did not come up on " + address + ": " + log);
            }
            Thread.sleep(50);
        }
    }

    /** Where the registry keeps its repositories (another registry process may serve them too, e.g. with auth). */
    public Path storageDir() {
        return dir.resolve("data");
    }

    /** host:port, e.g. "127.0.0.1:41234". */
    public String address() {
        return address;
    }

    /**
     * Pushes the first image of an OCI layout's index.json (a manifest, or an index with its
     * manifests) as {@code repository:tag}.
     *
     * @return the pushed manifest's (or index's) digest
     */
    public String push(Path ociLayout, String repository, String tag) throws IOException, InterruptedException {
        JsonNode index = JSON.readTree(Files.readAllBytes(ociLayout.resolve("index.json")));
        JsonNode top = index.path("manifests").get(0);
        if (top == null) {
            throw new IOException("the layout " + ociLayout + " has no image");
        }
        pushManifest(ociLayout, repository, top, tag);
        return top.path("digest").asString();
    }

    private void pushManifest(Path layout, String repository, JsonNode descriptor, String reference)
            throws IOException, InterruptedException {
        String digest = descriptor.path("digest").asString();
        byte[] body = blob(layout, digest);
        JsonNode doc = JSON.readTree(body);
        String mediaType = descriptor.path("mediaType").asString(doc.path("mediaType").asString(MediaTypes.OCI_MANIFEST));
        if (doc.has("manifests")) {
            for (JsonNode child : doc.path("manifests")) {
                pushManifest(layout, repository, child, child.path("digest").asString());
            }
        } else {
            pushBlob(layout, repository, doc.path("config").path("digest").asString());
            for (JsonNode layer : doc.path("layers")) {
                pushBlob(layout, repository, layer.path("digest").asString());
            }
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("manifest PUT " + repository + ":" + reference + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private void pushBlob(Path layout, String repository, String digest) throws IOException, InterruptedException {
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 200) {
            return;
        }
        HttpResponse<String> start = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String location = start.headers().firstValue("Location").orElse(null);
        if (start.statusCode() != 202 || location == null) {
            throw new IOException("blob upload POST answered " + start.statusCode() + ": " + start.body());
        }
        URI put = uri("/").resolve(location);
        String sep = put.getRawQuery() == null ? "?" : "&";
        put = URI.create(put + sep + "digest=" + digest);
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob(layout, digest))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 201) {
            throw new IOException("blob upload PUT " + digest + " answered " + done.statusCode() + ": " + done.body());
        }
    }

    private static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length())));
    }

    private URI uri(String path) {
        return URI.create("http://" + address + path);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
