package io.kube4j.runtime.image;

import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeFailure.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A client of the Distribution API v2 (OCI distribution spec): manifests and blobs of one
 * repository per {@link Session}, with anonymous, Basic and Bearer-token auth (answering the
 * registry's {@code WWW-Authenticate} challenge), redirects followed by hand (credentials never
 * go to another host), and every digest verified.
 *
 * <p>Registries on loopback ({@code localhost}, 127.0.0.0/8, ::1) and those in the configured
 * insecure set are spoken to over plain HTTP, the rest over HTTPS. Thread-safe; a session may be
 * shared by the concurrent downloads of one pull. Failures are {@link RuntimeFailure}s whose
 * messages name the reference and the cause.
 */
public final class RegistryClient implements AutoCloseable {

    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final Set<String> insecureRegistries;

    /** @param insecureRegistries "host" or "host:port" entries to reach over plain HTTP besides loopback */
    public RegistryClient(Set<String> insecureRegistries) {
        this.insecureRegistries = Set.copyOf(insecureRegistries);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Closes the HTTP client; requests under way finish first. */
    @Override
    public void close() {
        http.close();
    }

    /** Whether a registry is spoken to over plain HTTP. */
    public boolean isInsecure(String registry) {
        if (insecureRegistries.contains(registry)) {
            return true;
        }
        String host = registry;
        if (host.startsWith("[")) {
            host = host.substring(1, Math.max(1, host.indexOf(']')));
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return insecureRegistries.contains(host) || host.equals("localhost") || host.startsWith("127.")
                || host.equals("::1");
    }

    public Session session(ImageReference reference, RegistryAuth auth) {
        return new Session(reference, auth == null ? RegistryAuth.ANONYMOUS : auth);
    }

    /** A manifest or index as fetched: its bytes, media type and verified digest. */
    public record Fetched(byte[] body, String mediaType, String digest) {}

    /** A non-2xx answer. */
    static final class StatusException extends Exception {
        final int status;
        final URI uri;

        StatusException(int status, String body, URI uri) {
            super("unexpected status " + status + " from GET " + uri + (body.isBlank() ? "" : ": " + body.strip()));
            this.status = status;
            this.uri = uri;
        }
    }

    /** Talks to one repository on behalf of one pull. */
    public final class Session {
        private final ImageReference reference;
        private final RegistryAuth auth;
        private final String base;
        private final String registryAuthority;
        private volatile String authorization;

        private Session(ImageReference reference, RegistryAuth auth) {
            this.reference = reference;
            this.auth = auth;
            String host = reference.registryHost();
            this.base = (isInsecure(reference.domain()) ? "http://" : "https://") + host + "/v2/" + reference.path();
            this.registryAuthority = URI.create(base).getRawAuthority();
        }

        /**
         * GETs a manifest or index by tag or digest and verifies its digest (against the digest
         * asked for, else the registry's Docker-Content-Digest).
         *
         * @param resolving true for the reference's own object: errors then read "failed to resolve reference"
         */
        public Fetched manifest(String object, boolean resolving) {
            String prefix = resolving
                    ? "failed to resolve reference \"" + reference + "\": "
                    : "failed to pull and unpack image \"" + reference + "\": ";
            URI uri = URI.create(base + "/manifests/" + object);
            try {
                HttpResponse<InputStream> r = open(uri, String.join(", ", MediaTypes.ACCEPT));
                byte[] body;
                try (InputStream in = r.body()) {
                    body = in.readNBytes(MAX_MANIFEST_BYTES + 1);
                }
                if (body.length > MAX_MANIFEST_BYTES) {
                    throw new RuntimeFailure(Reason.IMAGE_PULL, prefix + "manifest " + object + " is larger than "
                            + MAX_MANIFEST_BYTES + " bytes");
                }
                String digest = Digests.of(body);
                String expected = object.startsWith("sha256:") ? object
                        : r.headers().firstValue("Docker-Content-Digest").filter(Digests::isSha256).orElse(digest);
                if (!expected.equals(digest)) {
                    throw new RuntimeFailure(Reason.IMAGE_PULL, prefix + "manifest digest mismatch: got " + digest
                            + ", expected " + expected);
                }
                String mediaType = Manifests.mediaType(body, r.headers().firstValue("Content-Type").orElse(""));
                return new Fetched(body, mediaType, digest);
            } catch (StatusException e) {
                if (e.status == 404 || e.getMessage().contains("MANIFEST_UNKNOWN")) {
                    String named = reference.repository() + (object.startsWith("sha256:") ? "@" : ":") + object;
                    throw new RuntimeFailure(Reason.IMAGE_NOT_FOUND, prefix + named + ": not found", e);
                }
                throw statusFailure(prefix, e);
            } catch (IllegalArgumentException e) {
                throw new RuntimeFailure(Reason.IMAGE_PULL, prefix + "invalid manifest " + object + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new RuntimeFailure(Reason.IMAGE_PULL, prefix + "failed to do request: GET " + uri + ": " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeFailure(Reason.IMAGE_PULL, prefix + "interrupted", e);
            }
        }

        /**
         * Downloads a blob into {@code target} (created or replaced), verifying its size and sha256.
         *
         * @return the bytes written
         */
        public long blob(Descriptor blob, Path target) {
            String prefix = "failed to pull and unpack image \"" + reference + "\": ";
            URI uri = URI.create(base + "/blobs/" + blob.digest());
            try {
                HttpResponse<InputStream> r = open(uri, "*/*");
                String digest;
                long size;
                try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(target)) {
                    CountingOutputStream counted = new CountingOutputStream(out);
                    digest = Digests.copy(in, counted);
                    size = counted.count;
                }
                if (!digest.equals(blob.digest()) || (blob.size() >= 0 && size != blob.size())) {
                    throw new RuntimeFailure(Reason.IMAGE_PULL, prefix + "failed commit on blob " + blob.digest()
                            + ": unexpected commit digest " + digest + " (" + size + " bytes), expected "
                            + blob.digest() + " (" + blob.size() + " bytes): failed precondition");
                }
                return size;
            } catch (StatusException e) {
                if (e.status == 404) {
                    throw new RuntimeFailure(Reason.IMAGE_PULL, prefix + "failed to copy: blob " + blob.digest()
                            + " of " + reference.repository() + ": not found", e);
                }
                throw statusFailure(prefix + "failed to copy: ", e);
            } catch (IOException e) {
                throw new RuntimeFailure(Reason.IMAGE_PULL, prefix + "failed to copy blob " + blob.digest() + ": "
                        + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeFailure(Reason.IMAGE_PULL, prefix + "interrupted", e);
            }
        }

        private RuntimeFailure statusFailure(String prefix, StatusException e) {
            if (e.status == 401 || e.status == 403) {
                return new RuntimeFailure(Reason.IMAGE_AUTH, prefix + "pull access denied, repository does not exist"
                        + " or may require authorization: " + e.getMessage(), e);
            }
            return new RuntimeFailure(Reason.IMAGE_PULL, prefix + e.getMessage(), e);
        }

        /** GETs a URI, answering one 401 challenge; a 2xx response's body is the caller's to close. */
        private HttpResponse<InputStream> open(URI uri, String accept)
                throws IOException, InterruptedException, StatusException {
            for (int attempt = 0; ; attempt++) {
                String used = authorization;
                HttpResponse<InputStream> r = follow(uri, accept, used);
                if (r.statusCode() / 100 == 2) {
                    return r;
                }
                String body = snippet(r);
                if (r.statusCode() == 401 && attempt == 0) {
                    var challenge = AuthChallenge.pick(r.headers().allValues("WWW-Authenticate"));
                    if (challenge.isPresent()) {
                        authorize(challenge.get(), used);
                        continue;
                    }
                }
                throw new StatusException(r.statusCode(), body, r.uri());
            }
        }

        /** Sends a GET, following redirects; the registry's credentials go only to the registry's own host. */
        private HttpResponse<InputStream> follow(URI uri, String accept, String authz)
                throws IOException, InterruptedException {
            URI current = uri;
            for (int hop = 0; ; hop++) {
                HttpRequest.Builder b = HttpRequest.newBuilder(current).GET().timeout(REQUEST_TIMEOUT)
                        .header("Accept", accept).header("User-Agent", "kube4j");
                if (authz != null && Objects.equals(current.getRawAuthority(), registryAuthority)) {
                    b.header("Authorization", authz);
                }
                HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                int s = r.statusCode();
                var location = r.headers().firstValue("Location");
                if ((s == 301 || s == 302 || s == 303 || s == 307 || s == 308) && location.isPresent()
                        && hop < MAX_REDIRECTS) {
                    r.body().close();
                    current = current.resolve(location.get());
                    continue;
                }
                return r;
            }
        }

        /** Answers a challenge: Basic with the credentials, Bearer with a token from the realm. */
        private synchronized void authorize(AuthChallenge challenge, String failed)
                throws IOException, InterruptedException, StatusException {
            if (!Objects.equals(authorization, failed)) {
                return; // another download of this pull has already authorized
            }
            if (challenge.scheme().equals("basic")) {
                if (auth.username() == null) {
                    throw new StatusException(401, "the registry asks for Basic credentials and none were given",
                            URI.create(base));
                }
                authorization = "Basic " + basic(auth.username(), auth.password());
                return;
            }
            authorization = "Bearer " + token(challenge);
        }

        private String token(AuthChallenge challenge) throws IOException, InterruptedException, StatusException {
            String realm = challenge.realm();
            if (!realm.startsWith("https://") && !realm.startsWith("http://")) {
                throw new StatusException(401, "the registry's token realm \"" + realm + "\" is not an HTTP URL",
                        URI.create(base));
            }
            String scope = challenge.params().getOrDefault("scope", "repository:" + reference.path() + ":pull");
            String service = challenge.params().getOrDefault("service", "");
            HttpRequest request;
            if (auth.identityToken() != null && !auth.identityToken().isEmpty()) {
                String form = "grant_type=refresh_token&client_id=kube4j&refresh_token=" + enc(auth.identityToken())
                        + "&service=" + enc(service) + "&scope=" + enc(scope);
                request = HttpRequest.newBuilder(URI.create(realm)).timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            } else {
                String query = (service.isEmpty() ? "" : "service=" + enc(service) + "&") + "scope=" + enc(scope);
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query))
                        .timeout(REQUEST_TIMEOUT).GET();
                if (auth.username() != null) {
                    b.header("Authorization", "Basic " + basic(auth.username(), auth.password()));
                }
                request = b.build();
            }
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String kind = auth.username() == null && auth.identityToken() == null ? "anonymous token" : "oauth token";
            if (r.statusCode() / 100 != 2) {
                StatusException e = new StatusException(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8),
                        request.uri());
                throw new StatusException(r.statusCode() == 403 ? 403 : 401, "failed to authorize: failed to fetch "
                        + kind + ": " + e.getMessage(), URI.create(base));
            }
            try {
                JsonNode json = Manifests.parse(r.body());
                String token = json.path("token").asString("");
                if (token.isEmpty()) {
                    token = json.path("access_token").asString("");
                }
                if (token.isEmpty()) {
                    throw new IOException("the token service at " + realm + " answered no token");
                }
                return token;
            } catch (IllegalArgumentException e) {
                throw new IOException("the token service at " + realm + " answered " + e.getMessage(), e);
            }
        }
    }

    private static String snippet(HttpResponse<InputStream> r) throws IOException {
        try (InputStream in = r.body()) {
            byte[] b = in.readNBytes(1024);
            in.transferTo(OutputStream.nullOutputStream());
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password))
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connection refused" + (m == null ? "" : " (" + m + ")");
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }
}
