package io.kube4j.scheduler.config;

import io.kube4j.scheduler.plugins.NamespaceLabels;
import io.kube4j.scheduler.plugins.SpreadOwners;
import io.kube4j.scheduler.plugins.volumes.VolumeListers;
import io.kube4j.scheduler.plugins.volumes.VolumeWriter;

/**
 * What in-tree plugin factories need from the running scheduler besides their args (upstream's
 * framework handle, the parts our plugins use).
 *
 * @param owners     Service/controller selectors for PodTopologySpread's default constraints
 * @param namespaces namespace labels for InterPodAffinity's namespaceSelector
 * @param volumes      claims, volumes and storage classes for VolumeBinding
 * @param volumeWriter VolumeBinding's PreBind writes
 */
public record PluginContext(SpreadOwners owners, NamespaceLabels namespaces, VolumeListers volumes,
                            VolumeWriter volumeWriter) {

    /**
     * No owner information, namespace labels looked up automatically, no claims or volumes known
     * and no volume writes: what tests and tools use.
     */
    public static PluginContext standalone() {
        return new PluginContext(SpreadOwners.NONE, NamespaceLabels.automatic(), VolumeListers.EMPTY,
                VolumeWriter.UNSUPPORTED);
    }
}
