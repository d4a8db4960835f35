package io.kube4j.controllers.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerOptions.NodeCidrs;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.KeyedController;
import io.kube4j.controllers.machinery.ObjectCache;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's node IPAM controller with its range allocator ({@code node-ipam-controller}, alias
 * {@code nodeipam}): with {@code --allocate-node-cidrs} it gives every Node without one a pod CIDR
 * cut from {@code --cluster-cidr} ({@code spec.podCIDR} and {@code spec.podCIDRs}, which the
 * kubelet then configures its pod network from), and frees a deleted Node's block. Blocks Nodes
 * already hold are taken first, so a restarted controller never hands one out twice. When the
 * cluster CIDR is exhausted the Node gets a {@code CIDRNotAvailable} event and is retried later.
 * Off (does nothing) unless allocation is on, as upstream. IPv4 only.
 *
 * <p>Thread-safe: the allocator is guarded by this object.
 */
public final class NodeIpamController extends KeyedController {

    public static final String NAME = "node-ipam-controller";
    private static final Logger LOG = LoggerFactory.getLogger(NodeIpamController.class);
    private static final java.time.Duration EXHAUSTED_RETRY = java.time.Duration.ofSeconds(30);

    private final ObjectCache<Node> nodes;
    private final Api api;
    private final EventRecorder events;
    private final NodeCidrs settings;
    private final CidrSet cidrs;
    /** Which node holds which block, to free it when the node goes. */
    private final Map<String, String> held = new HashMap<>();
    private boolean seeded;

    public NodeIpamController(ControllerContext ctx) {
        super(NAME, 1);
        this.nodes = ctx.informers().cache(Node.class);
        this.api = ctx.api();
        this.events = ctx.recorder("cidrAllocator");
        this.settings = ctx.options().nodeCidrs();
        this.cidrs = settings.allocate() ? new CidrSet(settings.clusterCidr(), settings.maskSize()) : null;
        if (cidrs == null) {
            return;
        }
        ctx.informers().addHandler(Node.class, new ResourceEventHandler<Node>() {
            @Override
            public void onAdd(Node node) {
                enqueue(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node old, Node node) {
                if (podCidr(node) == null) {
                    enqueue(node.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                enqueue(node.getMetadata().getName());
            }
        });
    }

    @Override
    protected void sync(String name) {
        if (cidrs == null) {
            return;
        }
        synchronized (this) {
            seedFromCache();
            Node node = nodes.get(null, name);
            if (node == null) {
                String freed = held.remove(name);
                if (freed != null) {
                    cidrs.release(freed);
                    LOG.info("{}: released {} of deleted node {}", NAME, freed, name);
                }
                return;
            }
            String existing = podCidr(node);
            if (existing != null) {
                occupy(name, existing);
                return;
            }
            if (held.containsKey(name)) {
                // Allocated and patched, the cache has not caught up yet.
                return;
            }
            Optional<String> block = cidrs.allocateNext();
            if (block.isEmpty()) {
                events.event(node, EventRecorder.WARNING, "CIDRNotAvailable",
                        "Node " + name + " status is now: CIDRNotAvailable");
                enqueueAfter(name, EXHAUSTED_RETRY);
                return;
            }
            String cidr = block.get();
            try {
                api.patch(Node.class, null, name, Api.PatchKind.MERGE,
                        "{\"spec\":{\"podCIDR\":\"" + cidr + "\",\"podCIDRs\":[\"" + cidr + "\"]}}");
                held.put(name, cidr);
                LOG.info("{}: node {} gets pod CIDR {}", NAME, name, cidr);
            } catch (RuntimeException e) {
                cidrs.release(cidr);
                if (!ApiErrors.notFound(e)) {
                    throw e;
                }
            }
        }
    }

    /** Takes every block the cached nodes already hold, once, before the first allocation. */
    private void seedFromCache() {
        if (seeded) {
            return;
        }
        for (Node node : nodes.list()) {
            String cidr = podCidr(node);
            if (cidr != null) {
                occupy(node.getMetadata().getName(), cidr);
            }
        }
        seeded = true;
    }

    private void occupy(String node, String cidr) {
        if (cidr.equals(held.get(node))) {
            return;
        }
        if (cidrs.occupy(cidr)) {
            held.put(node, cidr);
        } else {
            LOG.warn("{}: node {} has pod CIDR {} outside the cluster CIDR {}", NAME, node, cidr, settings.clusterCidr());
        }
    }

    /**
     * Checks that {@code settings} describe a usable range.
     *
     * @throws IllegalArgumentException naming what is wrong (malformed or IPv6 CIDR, mask not longer than the cluster's)
     */
    public static void validate(NodeCidrs settings) {
        new CidrSet(settings.clusterCidr(), settings.maskSize());
    }

    static String podCidr(Node node) {
        if (node.getSpec() == null) {
            return null;
        }
        List<String> all = node.getSpec().getPodCIDRs();
        if (all != null && !all.isEmpty()) {
            return all.getFirst();
        }
        String one = node.getSpec().getPodCIDR();
        return one == null || one.isEmpty() ? null : one;
    }
}
