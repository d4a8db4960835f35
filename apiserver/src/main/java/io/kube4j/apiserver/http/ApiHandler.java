package io.kube4j.apiserver.http;

import io.kube4j.apiserver.auth.AccessCheck;
import io.kube4j.apiserver.auth.AuthorizationAttributes;
import io.kube4j.apiserver.auth.Authorizer;
import io.kube4j.apiserver.auth.UserInfo;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.proxy.KubeletClient;
import io.kube4j.apiserver.proxy.PodConnect;
import io.kube4j.apiserver.proxy.ProxyObjects;
import io.kube4j.apiserver.proxy.ResourceProxy;
import io.kube4j.apiserver.serviceaccount.TokenRequests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The apiserver's one Jetty handler: authenticates, parses the path into a {@link RequestInfo},
 * authorizes (403 Forbidden as upstream words it), applies the in-flight limits and sends the request to discovery, health, version, OpenAPI or a resource verb. Every
 * {@link ApiException} becomes its {@code Status}; anything else a 500 InternalError (logged).
 * Runs handlers on virtual threads (blocking store calls are fine here). Thread-safe.
 */
public final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Map<String, Resource> resources;
    private final Discovery discovery;
    private final ReadVerbs reads;
    private final WriteVerbs writes;
    private final WatchVerb watches;
    private final SubresourceVerbs subresources;
    private final Authenticate authenticate;
    private final NonResourceEndpoints nonResource;
    private final ApiMetrics metrics;
    private final InflightLimits limits;
    private final AccessCheck access;

    /**
     * @param resources resources by {@code apiVersion + "/" + plural} (e.g. {@code apps/v1/deployments})
     */
    public ApiHandler(Map<String, Resource> resources, Authenticate authenticate, NonResourceEndpoints nonResource,
            ApiMetrics metrics, Clock clock, ScheduledExecutorService timer, ServerWebSocketContainer webSockets,
            Patches patches, FieldValidation fieldValidation, InflightLimits limits, Authorizer authorizer) {
        this(resources, authenticate, nonResource, metrics, clock, timer, webSockets, patches, fieldValidation, limits,
                authorizer, KubeletClient.create(null), null);
    }

    /**
     * As the full constructor, with the client the pods' connect subresources (log, exec, attach,
     * port-forward) call kubelets with, and no service-account tokens.
     */
    public ApiHandler(Map<String, Resource> resources, Authenticate authenticate, NonResourceEndpoints nonResource,
            ApiMetrics metrics, Clock clock, ScheduledExecutorService timer, ServerWebSocketContainer webSockets,
            Patches patches, FieldValidation fieldValidation, InflightLimits limits, Authorizer authorizer,
            KubeletClient kubelets) {
        this(resources, authenticate, nonResource, metrics, clock, timer, webSockets, patches, fieldValidation, limits,
                authorizer, kubelets, null);
    }

    /**
     * @param resources resources by {@code apiVersion + "/" + plural} (e.g. {@code apps/v1/deployments})
     * @param kubelets  the client the pods' connect subresources (log, exec, attach, port-forward) call kubelets with
     * @param tokens    serves {@code serviceaccounts/token}, or null for none (404)
     */
    public ApiHandler(Map<String, Resource> resources, Authenticate authenticate, NonResourceEndpoints nonResource,
            ApiMetrics metrics, Clock clock, ScheduledExecutorService timer, ServerWebSocketContainer webSockets,
            Patches patches, FieldValidation fieldValidation, InflightLimits limits, Authorizer authorizer,
            KubeletClient kubelets, TokenRequests tokens) {
        super(InvocationType.BLOCKING);
        this.resources = Map.copyOf(resources);
        this.discovery = new Discovery(resources.values().stream().map(Resource::type).toList());
        this.reads = new ReadVerbs(clock);
        this.writes = new WriteVerbs(reads, patches, fieldValidation, new UpdateManagers(clock));
        this.watches = new WatchVerb(timer, webSockets);
        this.subresources = new SubresourceVerbs(reads, patches,
                new PodEviction(resources.get("policy/v1/poddisruptionbudgets"), clock),
                new PodConnect(resources.get("v1/nodes").store(), kubelets, webSockets), tokens,
                ResourceProxy.of(ProxyObjects.of(resources), kubelets));
        this.authenticate = authenticate;
        this.nonResource = nonResource;
        this.metrics = metrics;
        this.limits = limits;
        this.access = new AccessCheck(authorizer);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = Request.getPathInContext(request);
        RequestInfo info = null;
        try {
            Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            Fields.Field watch = query.get("watch");
            info = RequestInfo.parse(request.getMethod(), path,
                    watch != null && ("true".equals(watch.getValue()) || "1".equals(watch.getValue())));
            UserInfo user = authenticate.user(request, path);
            access.require(attributes(user, request.getMethod(), info));
            if (!info.resourceRequest()) {
                nonResource(request, response, callback, info);
            } else {
                try (InflightLimits.Permit permit = limits.acquire(info.verb(), longRunning(info))) {
                    resource(new Call(request, response, callback, info, resourceFor(info), query, user.name()));
                }
            }
        } catch (ApiException e) {
            Bodies.drainQuietly(request);
            Responses.error(response, callback, e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            Bodies.drainQuietly(request);
            Responses.error(response, callback, new ApiException.InternalError(String.valueOf(e.getMessage())));
        } finally {
            if (info != null) {
                metrics.observe(info, response.getStatus(), System.nanoTime() - start);
            }
        }
        return true;
    }

    private static AuthorizationAttributes attributes(UserInfo user, String method, RequestInfo info) {
        if (!info.resourceRequest()) {
            return AuthorizationAttributes.nonResource(user, method, info.path());
        }
        return AuthorizationAttributes.resource(user, info.verb(), info.namespace(), info.group(), info.version(),
                info.resource(), info.subresource(), info.name(), info.path());
    }

    /** Watches and streams (logs) are long-running: upstream keeps them out of the in-flight limits. */
    static boolean longRunning(RequestInfo info) {
        String sub = info.subresource();
        return info.verb().equals("watch") || sub != null
                && (sub.equals("log") || sub.equals("exec") || sub.equals("attach") || sub.equals("portforward")
                        || sub.equals("proxy"));
    }

    private Resource resourceFor(RequestInfo info) {
        String gv = info.group().isEmpty() ? info.version() : info.group() + "/" + info.version();
        Resource r = resources.get(gv + "/" + info.resource());
        if (r == null) {
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
        if (info.subresource() != null && !r.type().subresources().contains(info.subresource())) {
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
        if (r.type().namespaced() && info.namespace() == null && info.name() != null) {
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
        return r;
    }

    private void resource(Call call) {
        RequestInfo info = call.info();
        String sub = info.subresource();
        if (sub != null && !sub.equals("status")) {
            subresources.handle(call);
            return;
        }
        if (!Discovery.verbs(call.resource().type()).contains(info.verb()) && sub == null) {
            throw new ApiException.MethodNotAllowed();
        }
        switch (info.verb()) {
            case "get" -> reads.get(call);
            case "list" -> reads.list(call);
            case "watch" -> watches.watch(call);
            case "create" -> {
                if (info.name() != null) {
                    throw new ApiException.MethodNotAllowed();
                }
                writes.create(call);
            }
            case "update" -> writes.update(call);
            case "patch" -> writes.patch(call);
            case "delete" -> {
                if (sub != null) {
                    throw new ApiException.MethodNotAllowed();
                }
                writes.delete(call);
            }
            case "deletecollection" -> writes.deleteCollection(call);
            default -> throw new ApiException.MethodNotAllowed();
        }
    }

    private void nonResource(Request request, Response response, Callback callback, RequestInfo info) {
        String path = info.path();
        String accept = Optional.ofNullable(request.getHeaders().get(HttpHeader.ACCEPT)).orElse("");
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            if (path.startsWith("/api")) {
                throw new ApiException.MethodNotAllowed();
            }
        }
        if (path.equals("/api") || path.equals("/api/") || path.equals("/apis") || path.equals("/apis/")) {
            boolean core = path.startsWith("/api/") || path.equals("/api");
            String aggregated = aggregatedVersion(accept);
            if (aggregated != null) {
                byte[] body = KubeJson.json().writeValueAsBytes(discovery.aggregated(core, aggregated));
                Responses.bytes(response, callback, 200,
                        "application/json;g=apidiscovery.k8s.io;v=" + aggregated + ";as=APIGroupDiscoveryList", body);
                return;
            }
            json(response, callback, core ? discovery.apiVersions() : discovery.groupList());
            return;
        }
        if (info.group() != null && info.version() != null) {
            String gv = info.group().isEmpty() ? info.version() : info.group() + "/" + info.version();
            json(response, callback, discovery.resourceList(gv).orElseThrow(
                    () -> new ApiException.NotFound("the server could not find the requested resource")));
            return;
        }
        if (info.parts().size() == 2 && info.parts().get(0).equals("apis")) {
            json(response, callback, discovery.group(info.parts().get(1), true).orElseThrow(
                    () -> new ApiException.NotFound("the server could not find the requested resource")));
            return;
        }
        if (!nonResource.handle(request, response, callback, path)) {
            throw new ApiException.NotFound("the server could not find the requested resource");
        }
    }

    /** {@code v2} or {@code v2beta1} when the Accept header asks for aggregated discovery first. */
    static String aggregatedVersion(String accept) {
        for (String part : accept.split(",")) {
            if (part.contains("as=APIGroupDiscoveryList") && part.contains("g=apidiscovery.k8s.io")) {
                if (part.contains("v=v2beta1")) {
                    return "v2beta1";
                }
                if (part.contains("v=v2")) {
                    return "v2";
                }
            }
        }
        return null;
    }

    private static void json(Response response, Callback callback, ObjectNode body) {
        Responses.object(response, callback, 200, MediaType.JSON, body);
    }

    /** Lazily computed bytes, for documents built on first use. */
    static Supplier<byte[]> memo(Supplier<byte[]> s) {
        return new Supplier<>() {
            private volatile byte[] value;

            @Override
            public byte[] get() {
                byte[] v = value;
                if (v == null) {
                    v = s.get();
                    value = v;
                }
                return v;
            }
        };
    }
}
