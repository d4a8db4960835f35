package io.kube4j.apiserver;

import io.kube4j.apiserver.admission.DefaultTolerationSeconds;
import io.kube4j.apiserver.admission.PriorityAdmission;
import io.kube4j.apiserver.admission.ServiceAccountAdmission;
import io.kube4j.apiserver.serviceaccount.ObjectLookup;
import io.kube4j.apiserver.serviceaccount.OpenIdMetadata;
import io.kube4j.apiserver.serviceaccount.ServiceAccountAuthenticator;
import io.kube4j.apiserver.serviceaccount.ServiceAccountIssuer;
import io.kube4j.apiserver.serviceaccount.TokenObjects;
import io.kube4j.apiserver.serviceaccount.TokenRequests;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import io.kube4j.apiserver.admission.SystemPriorityClasses;
import io.kube4j.apiserver.auth.AlwaysAllowAuthorizer;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import io.kube4j.apiserver.auth.Authenticator;
import io.kube4j.apiserver.auth.AuthenticatorChain;
import io.kube4j.apiserver.auth.TokenFileAuthenticator;
import io.kube4j.apiserver.auth.X509Authenticator;
import io.kube4j.apiserver.http.ApiHandler;
import io.kube4j.apiserver.proxy.KubeletClient;
import io.kube4j.apiserver.pki.ClusterPki;
import io.kube4j.apiserver.pki.HttpsConnectors;
import io.kube4j.apiserver.pki.Kubeconfig;
import java.nio.file.Path;
import io.kube4j.apiserver.http.ApiMetrics;
import io.kube4j.apiserver.http.Bodies;
import io.kube4j.apiserver.protobuf.KubeProtobuf;
import io.kube4j.apiserver.http.FieldValidation;
import io.kube4j.apiserver.http.InflightLimits;
import io.kube4j.apiserver.openapi.OpenApiDocuments;
import io.kube4j.apiserver.schema.TypeModel;
import io.kube4j.apiserver.http.Authenticate;
import io.kube4j.apiserver.http.NonResourceEndpoints;
import io.kube4j.apiserver.http.Patches;
import io.kube4j.apiserver.http.Resource;
import io.kube4j.apiserver.registry.BuiltinResources;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.resources.core.ServiceAddresses;
import io.kube4j.apiserver.resources.core.ServiceIpRange;
import io.kube4j.apiserver.rest.Admission;
import io.kube4j.apiserver.rest.NamespaceLifecycle;
import io.kube4j.apiserver.rest.ResourceStore;
import io.kube4j.apiserver.storage.ObjectStorage;
import io.kube4j.apiserver.watch.CachedObject;
import io.kube4j.apiserver.watch.ResourceCache;
import io.kube4j.apiserver.watch.WatchFilter;
import io.kube4j.store.api.KvStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running apiserver over a {@link KvStore}: a watch cache and a write path per resource, the
 * system objects, and Jetty serving the Kubernetes API on the connector {@code connectors} adds
 * (HTTPS in production). The only component that touches the store.
 *
 * <p>Lifecycle: {@link #start} blocks until every watch cache is loaded and the port is bound;
 * {@link #close} stops accepting, ends every watch with the stream's end, and waits for in-flight
 * requests. The store is not closed (the caller owns it). Thread-safe.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Server jetty;
    private final ServerConnector connector;
    private final Map<String, Resource> resources;
    private final ScheduledExecutorService timer;
    private final String scheme;

    private KubeletClient kubelets;

    private ApiServer(Server jetty, ServerConnector connector, Map<String, Resource> resources,
            ScheduledExecutorService timer, String scheme) {
        this.jetty = jetty;
        this.connector = connector;
        this.resources = resources;
        this.timer = timer;
        this.scheme = scheme;
    }

    /** Adds the listening connector to a Jetty server; returns it and its scheme. */
    public interface Connectors {
        ServerConnector add(Server server);

        String scheme();
    }

    /**
     * Starts the production apiserver: the cluster PKI under {@code config.dataDir()} (created at
     * first start, reused after), HTTPS with HTTP/2, x509, token-file and service-account token
     * authentication (signing key {@code sa.key} in the PKI directory unless one is given), the
     * token subresource and the issuer's OIDC documents, and the admin kubeconfig at
     * {@code dataDir/kubeconfig.yaml}.
     */
    public static ApiServer start(KvStore kv, ApiServerConfig config) throws Exception {
        // In-cluster clients reach the API at the kubernetes Service's address: the certificate names it.
        List<String> sans = new ArrayList<>(config.tlsSans());
        sans.add(ServiceIpRange.parse(config.serviceClusterIpRange()).at(1));
        ClusterPki pki = ClusterPki.loadOrCreate(config.dataDir(), sans);
        List<Authenticator> authenticators = new ArrayList<>();
        authenticators.add(new X509Authenticator(pki.caCertificate()));
        if (config.tokenAuthFile() != null) {
            authenticators.add(TokenFileAuthenticator.load(config.tokenAuthFile()));
        }
        ServiceAccountIssuer issuer = ServiceAccountIssuer.load(config.serviceAccounts(), pki.directory());
        // The objects tokens name are looked up in the resources the inner start makes.
        AtomicReference<TokenObjects> tokenObjects = new AtomicReference<>();
        authenticators.add(new ServiceAccountAuthenticator(issuer, tokenObjects::get));
        AuthenticatorChain chain = new AuthenticatorChain(authenticators);
        Connectors https = new Connectors() {
            @Override
            public ServerConnector add(Server server) {
                return HttpsConnectors.add(server, pki, config.bindAddress(), config.securePort());
            }

            @Override
            public String scheme() {
                return "https";
            }
        };
        ApiServer server = start(kv, https, (request, path) -> chain.requireUser(request), pki::caPem, config,
                KubeletClient.create(pki.kubeletClient()), new ServiceAccountTokens(issuer, tokenObjects::set));
        Path kubeconfig = config.dataDir().resolve("kubeconfig.yaml");
        Kubeconfig.writeAdmin(kubeconfig, server.url().toString(), pki);
        LOG.info("admin kubeconfig written to {}; try: kubectl --kubeconfig {} get namespaces", kubeconfig, kubeconfig);
        return server;
    }

    /**
     * Starts an apiserver on the given connectors (the settings' port and TLS names are theirs to
     * use): loads the caches, creates the system objects, binds.
     */
    public static ApiServer start(KvStore kv, Connectors connectors, Authenticate authenticate,
            java.util.function.Supplier<String> caPem, ApiServerConfig config) throws Exception {
        return start(kv, connectors, authenticate, caPem, config, KubeletClient.create(null), null);
    }

    /**
     * As {@link #start(KvStore, Connectors, Authenticate, java.util.function.Supplier, ApiServerConfig)},
     * calling kubelets (pods' log, exec, attach, port-forward) with {@code kubelets}.
     */
    public static ApiServer start(KvStore kv, Connectors connectors, Authenticate authenticate,
            java.util.function.Supplier<String> caPem, ApiServerConfig config, KubeletClient kubelets) throws Exception {
        return start(kv, connectors, authenticate, caPem, config, kubelets, null);
    }

    /**
     * What the inner start needs to serve service-account tokens: the issuer, and where to hand
     * the lookups of the objects tokens name once the resources exist (for the authenticator).
     */
    record ServiceAccountTokens(ServiceAccountIssuer issuer, Consumer<TokenObjects> objects) {
    }

    /**
     * As {@link #start(KvStore, Connectors, Authenticate, java.util.function.Supplier, ApiServerConfig)};
     * with {@code tokens} (or null for none) it also serves {@code serviceaccounts/token} and the
     * issuer's OIDC discovery documents.
     */
    static ApiServer start(KvStore kv, Connectors connectors, Authenticate authenticate,
            java.util.function.Supplier<String> caPem, ApiServerConfig config, ServiceAccountTokens tokens)
            throws Exception {
        return start(kv, connectors, authenticate, caPem, config, KubeletClient.create(null), tokens);
    }

    /** The full start: kubelets called with {@code kubelets}; {@code tokens} may be null (no token API). */
    static ApiServer start(KvStore kv, Connectors connectors, Authenticate authenticate,
            java.util.function.Supplier<String> caPem, ApiServerConfig config, KubeletClient kubelets,
            ServiceAccountTokens tokens) throws Exception {
        int watchCacheSize = config.watchCacheSize();
        Clock clock = Clock.systemUTC();
        ApiMetrics metrics = new ApiMetrics();
        ObjectStorage storage = new ObjectStorage(kv, metrics, new io.kube4j.apiserver.storage.EventLeases(kv, config.eventTtl()));
        Map<String, Resource> resources = new LinkedHashMap<>();
        List<ResourceType> types = BuiltinResources.all();
        ResourceType namespaceType = types.stream().filter(t -> t.group().isEmpty() && t.kind().equals("Namespace"))
                .findFirst().orElseThrow();
        ResourceCache namespaceCache = new ResourceCache(namespaceType, storage, watchCacheSize, 1000);
        NamespaceLifecycle lifecycle = new NamespaceGate(namespaceCache, storage, namespaceType);
        List<Admission> admission = new ArrayList<>();
        admission.add(new ServiceAccountAdmission(stored(resources, "v1/serviceaccounts")));
        admission.add(priorityAdmission(resources));
        admission.add(new DefaultTolerationSeconds());
        for (ResourceType t : types) {
            ResourceCache cache = t == namespaceType ? namespaceCache : new ResourceCache(t, storage, watchCacheSize, 1000);
            cache.start();
            resources.put(t.apiVersion() + "/" + t.plural(),
                    new Resource(t, new ResourceStore(t, storage, lifecycle, admission, clock), cache, storage));
        }
        ServiceIpRange serviceRange = ServiceIpRange.parse(config.serviceClusterIpRange());
        resources.get("v1/services").store().allocations(
                new ServiceAddresses(serviceRange, config.serviceNodePortRange()));
        Resource ns = resources.get("v1/namespaces");
        SystemObjects system = new SystemObjects(ns.store(), resources.get("v1/serviceaccounts").store(),
                resources.get("v1/configmaps").store(), caPem);
        ns.store().afterCreate(o -> system.namespaceCreated(o.path("metadata").path("name").asString()));
        system.ensure(ns.cache().list(WatchFilter.ALL).items().stream().map(CachedObject::name).toList());
        SystemPriorityClasses.ensure(resources.get(PRIORITY_CLASSES).store());

        QueuedThreadPool pool = new QueuedThreadPool(64, 8);
        pool.setName("apiserver");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server jetty = new Server(pool);
        ServerConnector connector = connectors.add(jetty);
        ServerWebSocketContainer webSockets = ServerWebSocketContainer.ensure(jetty);
        webSockets.setIdleTimeout(Duration.ofHours(2));
        webSockets.setMaxTextMessageSize(4 * 1024 * 1024);
        webSockets.setMaxBinaryMessageSize(4 * 1024 * 1024);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("apiserver-timer").factory());
        metrics.gauge("apiserver_longrunning_requests", "Gauge of all active long-running apiserver requests (watches).",
                () -> resources.values().stream().mapToInt(r -> r.cache().watcherCount()).sum());
        NonResourceEndpoints endpoints = new NonResourceEndpoints("v1.33.0-kube4j", 1, 33, metrics)
                .liveCheck("ping", () -> true)
                .liveCheck("etcd", () -> storageAlive(storage))
                .readyCheck("informer-sync", () -> true);
        Bodies.protobufDecoder(KubeProtobuf::decode);
        TypeModel model = TypeModel.of(types);
        OpenApiDocuments openApi = OpenApiDocuments.build(model, types);
        endpoints.openApi(path -> openApiDocument(openApi, path));
        TokenRequests tokenRequests = null;
        // Set once the connector is bound: the OIDC document's jwks_uri names the port.
        AtomicReference<String> externalAddress = new AtomicReference<>();
        if (tokens != null) {
            tokenRequests = new TokenRequests(tokens.issuer(), new TokenObjects(stored(resources, "v1/serviceaccounts"),
                    stored(resources, "v1/pods"), stored(resources, "v1/secrets"), cachedFirst(resources, "v1/nodes")));
            tokens.objects().accept(new TokenObjects(cachedFirst(resources, "v1/serviceaccounts"),
                    cachedFirst(resources, "v1/pods"), cachedFirst(resources, "v1/secrets"), cachedFirst(resources, "v1/nodes")));
            OpenIdMetadata oidc = new OpenIdMetadata(tokens.issuer(), externalAddress::get);
            endpoints.document(OpenIdMetadata.CONFIG_PATH, OpenIdMetadata.CONFIG_CONTENT_TYPE, OpenIdMetadata.CACHE_CONTROL,
                    oidc::configuration);
            endpoints.document(OpenIdMetadata.JWKS_PATH, OpenIdMetadata.JWKS_CONTENT_TYPE, OpenIdMetadata.CACHE_CONTROL,
                    oidc::keySet);
        }
        ApiHandler handler = new ApiHandler(resources, authenticate, endpoints, metrics, clock, timer, webSockets,
                new Patches(), new FieldValidation(model),
                new InflightLimits(config.maxRequestsInflight(), config.maxMutatingRequestsInflight()),
                new AlwaysAllowAuthorizer(), kubelets, tokenRequests);
        // Graceful stop: the connectors stop accepting, then requests in flight (writes among them)
        // get up to the stop timeout to finish before the server closes.
        jetty.setHandler(new GracefulHandler(handler));
        jetty.setStopTimeout(10_000);
        jetty.start();
        String advertised = KubernetesService.advertiseAddress(config.advertiseAddress(), config.bindAddress());
        externalAddress.set((advertised.contains(":") ? "[" + advertised + "]" : advertised) + ":" + connector.getLocalPort());
        KubernetesService.reconcile(resources.get("v1/services").store(), resources.get("v1/endpoints").store(),
                resources.get("discovery.k8s.io/v1/endpointslices").store(), serviceRange.at(1),
                KubernetesService.advertiseAddress(config.advertiseAddress(), config.bindAddress()),
                connector.getLocalPort());
        timer.scheduleWithFixedDelay(
                () -> resources.values().forEach(r -> r.cache().bookmarkIdleWatchers(Duration.ofSeconds(60))),
                5, 5, TimeUnit.SECONDS);
        ApiServer server = new ApiServer(jetty, connector, resources, timer, connectors.scheme());
        server.kubelets = kubelets;
        LOG.info("apiserver listening on {}", server.url());
        return server;
    }

    private static final String PRIORITY_CLASSES = "scheduling.k8s.io/v1/priorityclasses";

    /** Reads {@code key}'s objects from the store (linearizable), for lookups that must not lag. */
    private static ObjectLookup stored(Map<String, Resource> resources, String key) {
        return (namespace, name) -> {
            try {
                return Optional.of(resources.get(key).store().get(namespace, name));
            } catch (ApiException.NotFound absent) {
                return Optional.empty();
            }
        };
    }

    /**
     * Reads {@code key}'s objects from the watch cache, falling back to the store when the cache
     * does not hold one yet (as upstream's token getter: lister first, then a live lookup).
     */
    private static ObjectLookup cachedFirst(Map<String, Resource> resources, String key) {
        ObjectLookup live = stored(resources, key);
        return (namespace, name) -> {
            Resource r = resources.get(key);
            Optional<CachedObject> cached = r.cache().get(r.type().key(namespace, name));
            if (cached.isPresent()) {
                return Optional.of(KubeJson.json().readTree(cached.get().json()));
            }
            return live.find(namespace, name);
        };
    }

    /** Priority admission over the PriorityClasses of {@code resources} (filled in after this call). */
    private static Admission priorityAdmission(Map<String, Resource> resources) {
        return new PriorityAdmission(name -> {
            try {
                return Optional.of(resources.get(PRIORITY_CLASSES).store().get(null, name));
            } catch (ApiException.NotFound absent) {
                return Optional.empty();
            }
        }, () -> resources.get(PRIORITY_CLASSES).cache().list(WatchFilter.ALL).items().stream()
                .map(o -> (JsonNode) KubeJson.json().readTree(o.json())).toList());
    }

    private static byte[] openApiDocument(OpenApiDocuments docs, String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        if (path.equals("/openapi/v2")) {
            return docs.v2();
        }
        if (path.equals("/openapi/v3")) {
            return docs.v3Index();
        }
        if (path.startsWith("/openapi/v3/")) {
            return docs.v3(path.substring("/openapi/v3/".length())).orElse(null);
        }
        return null;
    }

    private static boolean storageAlive(ObjectStorage storage) {
        try {
            storage.currentRevision();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code https://127.0.0.1:PORT}. */
    public URI url() {
        return URI.create(scheme + "://127.0.0.1:" + port());
    }

    /**
     * Shuts down as kube-apiserver does on SIGTERM: every watch ends cleanly (with a final BOOKMARK
     * for clients that take them, so they resume instead of relisting), the listener stops
     * accepting, requests in flight (writes among them) get up to 10 s to finish, then the caches
     * stop following the store. The store itself is the caller's to close, afterwards.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        for (Resource r : resources.values()) {
            r.cache().drain();
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("apiserver did not stop cleanly: {}", e.getMessage());
        }
        for (Resource r : resources.values()) {
            r.cache().close();
        }
        if (kubelets != null) {
            kubelets.close();
        }
    }
}
