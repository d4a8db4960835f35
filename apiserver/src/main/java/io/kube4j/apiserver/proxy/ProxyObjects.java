package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.http.Resource;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.watch.WatchFilter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The objects the proxy subresources resolve their targets from. Implementations are thread-safe.
 */
public interface ProxyObjects {

    /** The label an EndpointSlice names its Service by. */
    String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    /** @throws ApiException.NotFound {@code nodes "NAME" not found} */
    ObjectNode node(String name);

    /** @throws ApiException.NotFound {@code pods "NAME" not found} */
    ObjectNode pod(String namespace, String name);

    /** @throws ApiException.NotFound {@code services "NAME" not found} */
    ObjectNode service(String namespace, String name);

    /** The EndpointSlices labelled with {@code service}'s name in {@code namespace} (maybe none). */
    List<ObjectNode> endpointSlices(String namespace, String service);

    /**
     * The apiserver's own resources: nodes, pods and services read from the store, EndpointSlices
     * listed from their watch cache once it has caught up with the store (bounded wait).
     *
     * @param resources by {@code apiVersion + "/" + plural}, as {@code ApiHandler} keeps them
     */
    static ProxyObjects of(Map<String, Resource> resources) {
        Resource nodes = resources.get("v1/nodes");
        Resource pods = resources.get("v1/pods");
        Resource services = resources.get("v1/services");
        Resource slices = resources.get("discovery.k8s.io/v1/endpointslices");
        Duration freshness = Duration.ofSeconds(3);
        return new ProxyObjects() {
            @Override
            public ObjectNode node(String name) {
                return nodes.store().get(null, name);
            }

            @Override
            public ObjectNode pod(String namespace, String name) {
                return pods.store().get(namespace, name);
            }

            @Override
            public ObjectNode service(String namespace, String name) {
                return services.store().get(namespace, name);
            }

            @Override
            public List<ObjectNode> endpointSlices(String namespace, String service) {
                if (slices == null) {
                    return List.of();
                }
                slices.cache().waitFor(slices.storeRevision(), freshness);
                return slices.cache().list(new WatchFilter(namespace,
                                o -> service.equals(o.labels().get(SERVICE_NAME_LABEL)))).items().stream()
                        .map(o -> (ObjectNode) KubeJson.json().readTree(o.json()))
                        .toList();
            }
        };
    }
}
