package io.kube4j.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.Handlers;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.ObjectCache;
import java.util.List;

/**
 * Upstream's service account controller ({@code serviceaccount-controller}, alias
 * {@code serviceaccount}): every Active namespace has a {@code default} ServiceAccount; one deleted
 * is created again. Keyed by namespace name. Thread-safe.
 */
public final class ServiceAccountsController extends KeyedController {

    public static final String NAME = "serviceaccount-controller";
    /** The accounts every namespace gets (upstream's --service-accounts-to-ensure default). */
    static final List<String> TO_ENSURE = List.of("default");

    private final ObjectCache<Namespace> namespaces;
    private final ObjectCache<ServiceAccount> accounts;
    private final Api api;

    public ServiceAccountsController(ControllerContext ctx) {
        super(NAME, Math.max(1, ctx.options().concurrentSyncs()));
        this.namespaces = ctx.informers().cache(Namespace.class);
        this.accounts = ctx.informers().cache(ServiceAccount.class);
        this.api = ctx.api();
        ctx.informers().addHandler(Namespace.class, Handlers.onAddOrUpdate((Namespace ns) -> enqueue(ns.getMetadata().getName())));
        ctx.informers().addHandler(ServiceAccount.class, Handlers.onDelete((ServiceAccount sa) -> {
            if (TO_ENSURE.contains(sa.getMetadata().getName())) {
                enqueue(sa.getMetadata().getNamespace());
            }
        }));
    }

    @Override
    protected void sync(String namespace) {
        Namespace ns = namespaces.get(null, namespace);
        if (ns == null || !active(ns)) {
            return;
        }
        for (String name : TO_ENSURE) {
            if (accounts.get(namespace, name) != null) {
                continue;
            }
            try {
                api.create(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build());
            } catch (RuntimeException e) {
                if (!ApiErrors.alreadyExists(e) && !ApiErrors.namespaceTerminating(e) && !ApiErrors.notFound(e)) {
                    throw e;
                }
            }
        }
    }

    /** Upstream acts only on Active namespaces; a namespace not yet given a phase counts as Active. */
    static boolean active(Namespace ns) {
        String phase = ns.getStatus() == null ? null : ns.getStatus().getPhase();
        return ns.getMetadata().getDeletionTimestamp() == null && (phase == null || "Active".equals(phase));
    }
}
