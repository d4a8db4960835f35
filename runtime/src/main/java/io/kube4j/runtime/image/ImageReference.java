package io.kube4j.runtime.image;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed, normalised image reference, as Docker's and containerd's reference parsing does it:
 * {@code busybox} is {@code docker.io/library/busybox:latest}; a first component with a "." or a
 * ":" or equal to {@code localhost} is a registry host (with optional port); a reference with a
 * digest and no tag keeps no tag.
 *
 * @param domain the registry ("docker.io", "127.0.0.1:5000")
 * @param path the repository inside the registry ("library/busybox")
 * @param tag null when only a digest names the image
 * @param digest null unless "@sha256:..." was given
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");

    /**
     * Parses and normalises a reference.
     *
     * @throws IllegalArgumentException naming what is wrong (upper case repository, bad tag or digest...)
     */
    public static ImageReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("invalid reference format: empty reference");
        }
        String rest = reference.trim();
        if (rest.length() > 255 + 128 + 80) {
            throw new IllegalArgumentException("invalid reference format: " + reference + " is too long");
        }
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("invalid reference format: bad digest in " + reference);
            }
            if (digest.startsWith("sha256:") && !Digests.isSha256(digest)) {
                throw new IllegalArgumentException("invalid reference format: bad sha256 digest in " + reference);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("invalid reference format: bad tag \"" + tag + "\" in " + reference);
            }
        }
        String domain;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(Locale.ROOT)))) {
            domain = first;
            path = rest.substring(slash + 1);
        } else {
            domain = DOCKER_HUB;
            path = rest;
        }
        if (domain.equals("index.docker.io")) {
            domain = DOCKER_HUB;
        }
        if (domain.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("invalid reference format: bad registry \"" + domain + "\" in " + reference);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("invalid reference format: no repository in " + reference);
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                String why = component.equals(component.toLowerCase(Locale.ROOT))
                        ? "invalid reference format" : "invalid reference format: repository name must be lowercase";
                throw new IllegalArgumentException(why + ": " + reference);
            }
        }
        if (domain.length() + 1 + path.length() > 255) {
            throw new IllegalArgumentException("invalid reference format: repository name too long in " + reference);
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** "domain/path", e.g. "docker.io/library/busybox". */
    public String repository() {
        return domain + "/" + path;
    }

    /** The normalised form: "docker.io/library/busybox:latest", "host:5000/app@sha256:...". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(repository());
        if (tag != null) {
            s.append(':').append(tag);
        }
        if (digest != null) {
            s.append('@').append(digest);
        }
        return s.toString();
    }

    /** The tag or digest to ask the registry for; a digest wins over a tag, as containerd resolves. */
    public String object() {
        return digest != null ? digest : tag;
    }

    /** The same repository at another digest, tag dropped ("repo@sha256:..."): a repo digest. */
    public String withDigest(String manifestDigest) {
        return repository() + "@" + manifestDigest;
    }

    /** The normalised tag reference, or null for a reference by digest only. */
    public String tagged() {
        return tag == null ? null : repository() + ":" + tag;
    }

    /**
     * The host to connect to: Docker Hub's API lives at registry-1.docker.io.
     */
    public String registryHost() {
        return domain.equals(DOCKER_HUB) ? "registry-1.docker.io" : domain;
    }
}
