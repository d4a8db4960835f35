package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Nodes: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
 * CONTAINER-RUNTIME. STATUS is Ready/NotReady/Unknown from the Ready condition, plus
 * SchedulingDisabled when cordoned; ROLES come from {@code node-role.kubernetes.io/<role>} and
 * {@code kubernetes.io/role} labels. Stateless, thread-safe.
 */
public final class NodeTable implements TableConvertor<Node> {

    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Status", "string", "The status of the node"),
            Column.of("Roles", "string", "The roles of the node"),
            Cells.AGE,
            Column.of("Version", "string", "The kubelet version the node reports."),
            Column.wide("Internal-IP", "string", "The node's first internal IP address."),
            Column.wide("External-IP", "string", "The node's first external IP address."),
            Column.wide("OS-Image", "string", "The operating system image the node reports."),
            Column.wide("Kernel-Version", "string", "The kernel version the node reports."),
            Column.wide("Container-Runtime", "string", "The container runtime and version the node reports."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Node node, Instant now) {
        NodeStatus st = node.getStatus() == null ? new NodeStatus() : node.getStatus();
        NodeSystemInfo info = st.getNodeInfo() == null ? new NodeSystemInfo() : st.getNodeInfo();
        return List.of(Cells.name(node), status(node, st), roles(node), Cells.age(node, now),
                Cells.str(info.getKubeletVersion()), address(st, "InternalIP"), address(st, "ExternalIP"),
                unknownIfEmpty(info.getOsImage()), unknownIfEmpty(info.getKernelVersion()),
                unknownIfEmpty(info.getContainerRuntimeVersion()));
    }

    private static String status(Node node, NodeStatus st) {
        List<String> status = new ArrayList<>();
        NodeCondition ready = null;
        for (NodeCondition c : st.getConditions() == null ? List.<NodeCondition>of() : st.getConditions()) {
            if ("Ready".equals(c.getType())) {
                ready = c; // the last one wins, as upstream's map does
            }
        }
        if (ready != null) {
            status.add("True".equals(ready.getStatus()) ? "Ready" : "NotReady");
        } else {
            status.add("Unknown");
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    private static String roles(Node node) {
        Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
        TreeSet<String> roles = new TreeSet<>();
        if (labels != null) {
            labels.forEach((k, v) -> {
                if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
                    roles.add(k.substring(ROLE_PREFIX.length()));
                } else if (k.equals("kubernetes.io/role") && v != null && !v.isEmpty()) {
                    roles.add(v);
                }
            });
        }
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(NodeStatus st, String type) {
        for (NodeAddress a : st.getAddresses() == null ? List.<NodeAddress>of() : st.getAddresses()) {
            if (type.equals(a.getType())) {
                return Cells.str(a.getAddress());
            }
        }
        return "<none>";
    }

    private static String unknownIfEmpty(String s) {
        return s == null || s.isEmpty() ? "<unknown>" : s;
    }
}
