package io.kube4j.apiserver.client;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;

/** Gives each test its own namespace so tests in one class never see each other's objects. */
final class Namespaces {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Namespaces() {
    }

    /** Creates {@code prefix-N} (a fresh, unique name) and returns its name. */
    static String create(KubernetesClient client, String prefix) {
        String name = prefix + "-" + NEXT.incrementAndGet();
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
        client.namespaces().resource(ns).create();
        return name;
    }
}
