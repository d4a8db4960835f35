package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * {@link Api} through a fabric8 client. Deletes go as raw requests ({@link RawHttp}), because
 * fabric8's DSL cannot send a UID precondition. Thread-safe; does not own the client.
 */
public final class Fabric8Api implements Api {

    private final KubernetesClient client;
    private final RawHttp raw;
    private final RateLimiter<Object> rate;

    /** Requests go out as fast as they come. */
    public Fabric8Api(KubernetesClient client) {
        this(client, 0, 0);
    }

    /**
     * Requests wait for a token of a {@code qps}/{@code burst} bucket first, as client-go's
     * client-side rate limit (kube-controller-manager's {@code --kube-api-qps}/{@code --kube-api-burst});
     * {@code qps} 0 or less: no limit.
     */
    public Fabric8Api(KubernetesClient client, double qps, int burst) {
        this.client = client;
        this.raw = new RawHttp(client);
        this.rate = qps > 0 ? RateLimiter.bucket(qps, Math.max(1, burst)) : null;
    }

    /** Waits for the rate limit's next token (interrupt-safe: an interrupted wait sends at once). */
    private void throttle() {
        if (rate == null) {
            return;
        }
        java.time.Duration wait = rate.when(this);
        if (wait.isPositive()) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public KubernetesClient client() {
        return client;
    }

    @Override
    public <T extends HasMetadata> T create(T object) {
        throttle();
        return op(object).resource(object).create();
    }

    @Override
    public <T extends HasMetadata> T update(T object) {
        throttle();
        return op(object).resource(object).update();
    }

    @Override
    public <T extends HasMetadata> T updateStatus(T object) {
        throttle();
        return op(object).resource(object).updateStatus();
    }

    @Override
    public <T extends HasMetadata> T patch(Class<T> type, String namespace, String name, PatchKind kind, String body) {
        throttle();
        return named(type, namespace, name).patch(PatchContext.of(patchType(kind)), body);
    }

    @Override
    public <T extends HasMetadata> T patchStatus(Class<T> type, String namespace, String name, PatchKind kind, String body) {
        throttle();
        return named(type, namespace, name).subresource("status").patch(PatchContext.of(patchType(kind)), body);
    }

    @Override
    public <T extends HasMetadata> void delete(Class<T> type, String namespace, String name, Deletion options) {
        throttle();
        raw.delete(path(type, namespace, name), options);
    }

    @Override
    public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        throttle();
        return named(type, namespace, name).get();
    }

    private String path(Class<? extends HasMetadata> type, String namespace, String name) {
        String group = HasMetadata.getGroup(type);
        String version = HasMetadata.getVersion(type);
        StringBuilder url = new StringBuilder();
        url.append(group == null || group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
        if (namespace != null && !namespace.isEmpty()) {
            url.append("/namespaces/").append(namespace);
        }
        return url.append('/').append(HasMetadata.getPlural(type)).append('/').append(name).toString();
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> MixedOperation<T, ?, Resource<T>> op(T object) {
        return (MixedOperation<T, ?, Resource<T>>) (MixedOperation<?, ?, ?>) client.resources(object.getClass());
    }

    private <T extends HasMetadata> Resource<T> named(Class<T> type, String namespace, String name) {
        var op = client.resources(type);
        return namespace == null || namespace.isEmpty() ? op.withName(name) : op.inNamespace(namespace).withName(name);
    }

    private static PatchType patchType(PatchKind kind) {
        return switch (kind) {
            case JSON -> PatchType.JSON;
            case MERGE -> PatchType.JSON_MERGE;
            case STRATEGIC_MERGE -> PatchType.STRATEGIC_MERGE;
        };
    }

}
