package io.kube4j.apiserver;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.rest.ResourceStore;
import io.kube4j.apiserver.rest.WriteOptions;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The objects a cluster has before anyone writes: the system namespaces ({@code default},
 * {@code kube-system}, {@code kube-public}, {@code kube-node-lease}), and in every namespace a
 * {@code default} ServiceAccount and the {@code kube-root-ca.crt} ConfigMap (upstream's
 * serviceaccount and root-ca-cert-publisher controllers; here the apiserver creates them as the
 * namespace is created, so they exist before the first pod). Idempotent; thread-safe.
 */
public final class SystemObjects {

    private static final Logger LOG = LoggerFactory.getLogger(SystemObjects.class);

    /** The namespaces every cluster has. */
    public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final ResourceStore namespaces;
    private final ResourceStore serviceAccounts;
    private final ResourceStore configMaps;
    private final Supplier<String> caPem;

    public SystemObjects(ResourceStore namespaces, ResourceStore serviceAccounts, ResourceStore configMaps,
            Supplier<String> caPem) {
        this.namespaces = namespaces;
        this.serviceAccounts = serviceAccounts;
        this.configMaps = configMaps;
        this.caPem = caPem;
    }

    /** Creates the system namespaces and each namespace's objects, where missing. */
    public void ensure(List<String> existingNamespaces) {
        for (String ns : SYSTEM_NAMESPACES) {
            ObjectNode n = KubeJson.json().createObjectNode();
            n.put("apiVersion", "v1").put("kind", "Namespace").putObject("metadata").put("name", ns);
            try {
                namespaces.create(null, n, WriteOptions.DEFAULT);
            } catch (ApiException.AlreadyExists exists) {
                namespaceCreated(ns);
            }
        }
        existingNamespaces.forEach(this::namespaceCreated);
    }

    /** Creates the default ServiceAccount and root CA ConfigMap of {@code namespace}, where missing. */
    public void namespaceCreated(String namespace) {
        ObjectNode sa = KubeJson.json().createObjectNode();
        sa.put("apiVersion", "v1").put("kind", "ServiceAccount").putObject("metadata").put("name", "default");
        ObjectNode cm = KubeJson.json().createObjectNode();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap").putObject("metadata").put("name", "kube-root-ca.crt");
        cm.putObject("data").put("ca.crt", caPem.get());
        createIfMissing(serviceAccounts, namespace, sa);
        createIfMissing(configMaps, namespace, cm);
    }

    private static void createIfMissing(ResourceStore store, String namespace, ObjectNode object) {
        try {
            store.create(namespace, object, WriteOptions.DEFAULT);
        } catch (ApiException.AlreadyExists exists) {
            // already there: nothing to do
        } catch (ApiException e) {
            LOG.warn("could not create {} in namespace {}: {}", object.path("kind").asString(), namespace, e.getMessage());
        }
    }
}
