package io.kube4j.kubelet.credentials;

import io.kube4j.runtime.RegistryAuth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Registry credentials indexed by where they apply, matched to an image as upstream's
 * credentialprovider BasicDockerKeyring does. A key is a registry host with an optional port and
 * path ({@code registry.example.com:5000/team}); a scheme is dropped, and a path of {@code /v1/}
 * or {@code /v2/} counts as none. An image's repository matches a key when the ports are equal,
 * the host has as many dot-separated parts and each part matches the key's as a glob
 * ({@code *.example.com}), and the key's path is a prefix of the image's. Keys are tried in
 * reverse lexical order, so {@code quay.io/team} comes before {@code quay.io}; every matching
 * key's credentials are returned, in that order. An image of Docker Hub that matches no key gets
 * the credentials of {@code index.docker.io}, if any.
 *
 * <p>Not thread-safe while being filled; read-only use after that is.
 */
public final class DockerKeyring {

    static final String DEFAULT_REGISTRY_HOST = "index.docker.io";

    private final Map<String, List<RegistryAuth>> creds = new LinkedHashMap<>();
    private List<String> index = List.of();

    /** Adds one docker config's entries (registry as written → credentials). */
    public DockerKeyring add(Map<String, RegistryAuth> config) {
        config.forEach((location, auth) -> {
            String key = key(location);
            creds.computeIfAbsent(key, k -> new ArrayList<>()).add(auth);
        });
        TreeSet<String> keys = new TreeSet<>(Comparator.reverseOrder());
        keys.addAll(creds.keySet());
        index = List.copyOf(keys);
        return this;
    }

    /**
     * The credentials to try for an image, most specific key first; empty when none applies.
     *
     * @param repository the image's normalised repository without tag or digest ("docker.io/library/busybox")
     */
    public List<RegistryAuth> lookup(String repository) {
        List<RegistryAuth> out = new ArrayList<>();
        for (String key : index) {
            if (matches(key, repository)) {
                out.addAll(creds.get(key));
            }
        }
        if (out.isEmpty() && isDefaultRegistryMatch(repository) && creds.containsKey(DEFAULT_REGISTRY_HOST)) {
            out.addAll(creds.get(DEFAULT_REGISTRY_HOST));
        }
        return out;
    }

    /** The index key of a config's registry location. */
    static String key(String location) {
        String value = location;
        int scheme = value.indexOf("://");
        if (value.startsWith("https://") || value.startsWith("http://")) {
            value = value.substring(scheme + 3);
        }
        Schemeless u = Schemeless.parse(value);
        String path = u.path();
        if (path.startsWith("/v2/") || path.startsWith("/v1/")) {
            path = path.substring(3);
        }
        return !path.isEmpty() && !path.equals("/") ? u.host() + path : u.host();
    }

    /** Whether an image's repository matches a key (upstream's URLsMatchStr). */
    static boolean matches(String key, String repository) {
        Schemeless glob = Schemeless.parse(key);
        Schemeless target = Schemeless.parse(repository);
        if (!glob.port().equals(target.port())) {
            return false;
        }
        String[] globParts = glob.hostname().split("\\.", -1);
        String[] targetParts = target.hostname().split("\\.", -1);
        if (globParts.length != targetParts.length || !target.path().startsWith(glob.path())) {
            return false;
        }
        for (int i = 0; i < globParts.length; i++) {
            if (!Glob.matches(globParts[i], targetParts[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether an image is pulled from Docker Hub by the look of its name (upstream's isDefaultRegistryMatch). */
    static boolean isDefaultRegistryMatch(String image) {
        int slash = image.indexOf('/');
        String first = slash < 0 ? image : image.substring(0, slash);
        if (first.isEmpty()) {
            return false;
        }
        if (slash < 0 || first.equals("docker.io") || first.equals(DEFAULT_REGISTRY_HOST)) {
            return true;
        }
        // A first component with a "." or ":" is a registry host, anything else a Docker Hub user.
        return first.indexOf('.') < 0 && first.indexOf(':') < 0;
    }

    /** A URL without scheme: host[:port] then an optional path from the first "/". */
    record Schemeless(String host, String path) {
        static Schemeless parse(String s) {
            int slash = s.indexOf('/');
            return slash < 0 ? new Schemeless(s, "") : new Schemeless(s.substring(0, slash), s.substring(slash));
        }

        /** The host without its port (Go's net.SplitHostPort; no port means ""). */
        String hostname() {
            int colon = portColon();
            String h = colon < 0 ? host : host.substring(0, colon);
            return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        }

        String port() {
            int colon = portColon();
            return colon < 0 ? "" : host.substring(colon + 1);
        }

        private int portColon() {
            int close = host.lastIndexOf(']');
            int colon = host.lastIndexOf(':');
            if (host.startsWith("[")) {
                return close >= 0 && colon == close + 1 ? colon : -1;
            }
            // an unbracketed host with two colons is not host:port for Go either
            return colon >= 0 && host.indexOf(':') == colon ? colon : -1;
        }
    }
}
