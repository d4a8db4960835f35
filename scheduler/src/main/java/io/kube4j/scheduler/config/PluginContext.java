package io.kube4j.scheduler.config;

import io.kube4j.scheduler.plugins.NamespaceLabels;
import io.kube4j.scheduler.plugins.SpreadOwners;

/**
 * What in-tree plugin factories need from the running scheduler besides their args (upstream's
 * framework handle, the parts our plugins use).
 *
 * @param owners     Service/controller selectors for PodTopologySpread's default constraints
 * @param namespaces namespace labels for InterPodAffinity's namespaceSelector
 */
public record PluginContext(SpreadOwners owners, NamespaceLabels namespaces) {

    /** No owner information and namespace labels looked up automatically: what tests and tools use. */
    public static PluginContext standalone() {
        return new PluginContext(SpreadOwners.NONE, NamespaceLabels.automatic());
    }
}
