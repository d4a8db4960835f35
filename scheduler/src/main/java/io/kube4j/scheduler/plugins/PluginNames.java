package io.kube4j.scheduler.plugins;

/** The names of the in-tree plugins, as upstream spells them in configuration. */
public final class PluginNames {

    public static final String SCHEDULING_GATES = "SchedulingGates";
    public static final String PRIORITY_SORT = "PrioritySort";
    public static final String NODE_NAME = "NodeName";
    public static final String NODE_UNSCHEDULABLE = "NodeUnschedulable";
    public static final String NODE_RESOURCES_FIT = "NodeResourcesFit";
    public static final String NODE_RESOURCES_BALANCED_ALLOCATION = "NodeResourcesBalancedAllocation";
    public static final String NODE_AFFINITY = "NodeAffinity";
    public static final String TAINT_TOLERATION = "TaintToleration";
    public static final String NODE_PORTS = "NodePorts";
    public static final String IMAGE_LOCALITY = "ImageLocality";

    private PluginNames() {
    }
}
