package io.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.util.List;
import java.util.Map;

/**
 * The health of one zone (upstream's ZoneState): normal, partial disruption (at least three nodes
 * and a share of them at or above the unhealthy threshold not Ready) or full disruption (no node
 * Ready). {@code INITIAL} is a zone seen for the first time. Also the zone key of a node.
 */
enum ZoneState {
    INITIAL, NORMAL, PARTIAL_DISRUPTION, FULL_DISRUPTION;

    /** Upstream's --unhealthy-zone-threshold. */
    static final double UNHEALTHY_ZONE_THRESHOLD = 0.55;

    /** The state of a zone whose nodes' Ready conditions are {@code readyConditions} (nulls: no condition). */
    static ZoneState of(List<NodeCondition> readyConditions) {
        int ready = 0;
        int notReady = 0;
        for (NodeCondition c : readyConditions) {
            if (c != null && "True".equals(c.getStatus())) {
                ready++;
            } else {
                notReady++;
            }
        }
        if (ready == 0 && notReady > 0) {
            return FULL_DISRUPTION;
        }
        if (notReady > 2 && (double) notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) {
            return PARTIAL_DISRUPTION;
        }
        return NORMAL;
    }

    /** Upstream's GetZoneKey: {@code region:\0:zone} from the topology labels, "" when the node has neither. */
    static String zoneOf(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        String region = labels.getOrDefault("topology.kubernetes.io/region",
                labels.getOrDefault("failure-domain.beta.kubernetes.io/region", ""));
        String zone = labels.getOrDefault("topology.kubernetes.io/zone",
                labels.getOrDefault("failure-domain.beta.kubernetes.io/zone", ""));
        return region.isEmpty() && zone.isEmpty() ? "" : region + ":\u0000:" + zone;
    }
}
