package io.kube4j.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.Handlers;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.ObjectCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's root CA publisher ({@code root-ca-certificate-publisher-controller}, alias
 * {@code root-ca-cert-publisher}): every namespace has a {@code kube-root-ca.crt} ConfigMap whose
 * {@code ca.crt} is the cluster's CA and which carries upstream's description annotation; a deleted
 * or altered one is restored. The CA is the one given, else the {@code ca.crt} of
 * {@code kube-system/kube-root-ca.crt} (the apiserver writes it at start: the source of truth),
 * else the one the manager's client trusts; with none known nothing is published. Keyed by namespace name. Thread-safe.
 */
public final class RootCaPublisherController extends KeyedController {

    private static final Logger LOG = LoggerFactory.getLogger(RootCaPublisherController.class);

    public static final String NAME = "root-ca-certificate-publisher-controller";
    static final String CONFIG_MAP = "kube-root-ca.crt";
    static final String KEY = "ca.crt";
    static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
    static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
            + "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across "
            + "distributions of Kubernetes clusters.";

    private final ObjectCache<Namespace> namespaces;
    private final ObjectCache<ConfigMap> configMaps;
    private final Api api;
    private final String givenCa;
    private final String fallbackCa;

    /** Publishes kube-system's bundle (the apiserver's), or the client's CA while kube-system has none. */
    public RootCaPublisherController(ControllerContext ctx) {
        this(ctx, null);
    }

    /** @param caPem the CA bundle to publish, or null to read it from {@code kube-system/kube-root-ca.crt} */
    public RootCaPublisherController(ControllerContext ctx, String caPem) {
        super(NAME, Math.max(1, ctx.options().concurrentSyncs()));
        this.namespaces = ctx.informers().cache(Namespace.class);
        this.configMaps = ctx.informers().cache(ConfigMap.class);
        this.api = ctx.api();
        this.givenCa = caPem;
        this.fallbackCa = caPem == null ? clientCa(ctx) : null;
        ctx.informers().addHandler(Namespace.class, Handlers.onAddOrUpdate((Namespace ns) -> enqueue(ns.getMetadata().getName())));
        // Only changes and deletions can spoil a namespace's bundle; the add was ours.
        ctx.informers().addHandler(ConfigMap.class, Handlers.of((ConfigMap cm) -> { }, this::ours, this::ours));
    }

    private void ours(ConfigMap cm) {
        if (CONFIG_MAP.equals(cm.getMetadata().getName())) {
            enqueue(cm.getMetadata().getNamespace());
        }
    }

    @Override
    protected void sync(String namespace) {
        Namespace ns = namespaces.get(null, namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String ca = ca();
        if (ca == null) {
            LOG.debug("{}: no CA known yet, {} left alone", NAME, namespace);
            return;
        }
        ConfigMap cm = configMaps.get(namespace, CONFIG_MAP);
        if (cm == null) {
            try {
                api.create(new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).withNamespace(namespace)
                        .addToAnnotations(DESCRIPTION_ANNOTATION, DESCRIPTION).endMetadata().addToData(KEY, ca).build());
            } catch (RuntimeException e) {
                if (!ApiErrors.notFound(e) && !ApiErrors.namespaceTerminating(e) && !ApiErrors.alreadyExists(e)) {
                    throw e;
                }
            }
            return;
        }
        Map<String, String> want = Map.of(KEY, ca);
        Map<String, String> annotations = cm.getMetadata().getAnnotations();
        if (want.equals(cm.getData()) && annotations != null && annotations.get(DESCRIPTION_ANNOTATION) != null
                && !annotations.get(DESCRIPTION_ANNOTATION).isEmpty()) {
            return;
        }
        ConfigMap copy = Serialization.clone(cm);
        copy.setData(new HashMap<>(want));
        copy.setBinaryData(null);
        Map<String, String> a = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
        a.put(DESCRIPTION_ANNOTATION, DESCRIPTION);
        copy.getMetadata().setAnnotations(a);
        api.update(copy);
    }

    /** The CA to publish: the given one, else kube-system's published bundle, else the client's. */
    String ca() {
        if (givenCa != null && !givenCa.isEmpty()) {
            return givenCa;
        }
        ConfigMap source = configMaps.get("kube-system", CONFIG_MAP);
        String ca = source == null || source.getData() == null ? null : source.getData().get(KEY);
        return ca == null || ca.isEmpty() ? fallbackCa : ca;
    }

    /** The CA bundle the manager's client trusts, or null (fakes, or a client trusting the system store). */
    private static String clientCa(ControllerContext ctx) {
        if (ctx.client() == null) {
            return null;
        }
        Config config = ctx.client().getConfiguration();
        try {
            if (config.getCaCertData() != null && !config.getCaCertData().isEmpty()) {
                return new String(Base64.getMimeDecoder().decode(config.getCaCertData()), StandardCharsets.UTF_8);
            }
            if (config.getCaCertFile() != null && !config.getCaCertFile().isEmpty()) {
                return Files.readString(Path.of(config.getCaCertFile()));
            }
        } catch (Exception e) {
            LOG.warn("{}: cannot read the client's CA, falling back to kube-system/{}", NAME, CONFIG_MAP, e);
        }
        return null;
    }
}
