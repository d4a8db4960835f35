package io.kube4j.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.RawHttp;

/** {@link NamespaceFinalizer} as a raw PUT, since fabric8's DSL has no finalize subresource. Thread-safe. */
public final class Fabric8NamespaceFinalizer implements NamespaceFinalizer {

    private final RawHttp raw;

    public Fabric8NamespaceFinalizer(KubernetesClient client) {
        this.raw = new RawHttp(client);
    }

    @Override
    public Namespace finalizeNamespace(Namespace namespace) {
        String body = raw.send("PUT", "/api/v1/namespaces/" + namespace.getMetadata().getName() + "/finalize",
                "application/json", Serialization.asJson(namespace));
        return Serialization.unmarshal(body, Namespace.class);
    }
}
