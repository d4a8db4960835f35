package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.errors.ApiException;

/**
 * The name a proxy subresource is addressed by, as upstream's {@code SplitSchemeNamePort}:
 * {@code name}, {@code name:port} or {@code scheme:name:port}, where the scheme is empty,
 * {@code http} or {@code https} and the port (a number or a port name) may be empty. Immutable.
 *
 * @param scheme "" when not given
 * @param name   never empty
 * @param port   "" when not given
 */
public record ProxyId(String scheme, String name, String port) {

    /**
     * Splits {@code id}.
     *
     * @param kind the resource's singular word for the error ("node", "pod", "service")
     * @throws ApiException.BadRequest {@code invalid KIND request "ID"} when it is none of the three forms
     */
    public static ProxyId parse(String id, String kind) {
        String[] parts = id.split(":", -1);
        ProxyId parsed = switch (parts.length) {
            case 1 -> new ProxyId("", parts[0], "");
            case 2 -> new ProxyId("", parts[0], parts[1]);
            case 3 -> new ProxyId(parts[0], parts[1], parts[2]);
            default -> null;
        };
        if (parsed == null || parsed.name.isEmpty()
                || !(parsed.scheme.isEmpty() || parsed.scheme.equals("http") || parsed.scheme.equals("https"))) {
            throw new ApiException.BadRequest("invalid " + kind + " request \"" + id + "\"");
        }
        return parsed;
    }

    /** The scheme to dial with: the given one, else {@code http} (upstream's normalizeLocation). */
    public String schemeOrHttp() {
        return scheme.isEmpty() ? "http" : scheme;
    }
}
