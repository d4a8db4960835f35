package io.kube4j.apiserver.proxy;

import java.net.URI;

/**
 * Where a proxy subresource's requests go: {@code scheme://host[:port]} without a path, and
 * whether to send them with the apiserver's kubelet client certificate (a node's kubelet port)
 * or with the plain proxy client (pods, services, other node ports). Immutable.
 */
public record ProxyTarget(URI base, boolean kubelet) {

    /** {@code scheme://host[:port]}, bracketing an IPv6 literal; a blank port leaves the scheme's default. */
    static ProxyTarget of(String scheme, String host, String port, boolean kubelet) {
        String authority = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return new ProxyTarget(URI.create(scheme + "://" + authority + (port.isEmpty() ? "" : ":" + port)), kubelet);
    }
}
