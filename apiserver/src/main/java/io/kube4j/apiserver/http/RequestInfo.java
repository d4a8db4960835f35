package io.kube4j.apiserver.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a request path and method address, as upstream's {@code RequestInfo}: for a resource
 * request its group, version, namespace, resource, name, subresource and verb (get, list, watch,
 * create, update, patch, delete, deletecollection); otherwise just the path. Immutable.
 */
public record RequestInfo(boolean resourceRequest, String path, String verb, String group, String version,
        String namespace, String resource, String name, String subresource, List<String> parts) {

    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /**
     * Parses a path: {@code /api/v1/namespaces/ns/pods/name/status}, {@code /apis/apps/v1/deployments}, …
     *
     * @param watchParam whether {@code ?watch=true} was given (a GET list becomes watch)
     */
    public static RequestInfo parse(String method, String path, boolean watchParam) {
        List<String> segs = new ArrayList<>(Arrays.asList(path.replaceAll("^/+|/+$", "").split("/+")));
        if (segs.size() == 1 && segs.getFirst().isEmpty()) {
            segs.clear();
        }
        String group;
        int idx;
        if (segs.size() >= 2 && segs.get(0).equals("api")) {
            group = "";
            idx = 1;
        } else if (segs.size() >= 3 && segs.get(0).equals("apis")) {
            group = segs.get(1);
            idx = 2;
        } else {
            return nonResource(method, path, segs);
        }
        String version = segs.get(idx);
        List<String> rest = new ArrayList<>(segs.subList(idx + 1, segs.size()));
        if (rest.isEmpty()) {
            return new RequestInfo(false, path, verbOf(method, false, false), group, version, null, null, null, null, segs);
        }
        boolean watch = watchParam;
        if (rest.getFirst().equals("watch")) {
            watch = true;
            rest.removeFirst();
        }
        String namespace = null;
        if (!rest.isEmpty() && rest.getFirst().equals("namespaces") && rest.size() > 1) {
            namespace = rest.get(1);
            if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                rest = new ArrayList<>(rest.subList(2, rest.size()));
            } else {
                // the namespace object itself: /namespaces/{name}[/status|/finalize]
                namespace = null;
            }
        }
        // A proxy subresource's path goes on after "proxy" (upstream interprets none of it).
        boolean proxy = rest.size() > 2 && rest.get(2).equals("proxy");
        if (rest.isEmpty() || rest.size() > 3 && !proxy) {
            return nonResource(method, path, segs);
        }
        if (proxy) {
            // ?watch=true belongs to the proxied request; upstream makes only unnamed GETs watches.
            watch = false;
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        return new RequestInfo(true, path, verbOf(method, name != null, watch), group, version, namespace, resource,
                name, subresource, segs);
    }

    private static RequestInfo nonResource(String method, String path, List<String> segs) {
        return new RequestInfo(false, path, method.toLowerCase(java.util.Locale.ROOT), null, null, null, null, null,
                null, segs);
    }

    private static String verbOf(String method, boolean named, boolean watch) {
        return switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    }
}
