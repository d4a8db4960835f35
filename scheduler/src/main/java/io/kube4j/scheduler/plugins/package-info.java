/**
 * The in-tree plugins, one class each, with upstream's names, reason strings, scoring formulas
 * and default weights: NodeName, NodeUnschedulable, NodeResourcesFit (LeastAllocated,
 * MostAllocated, RequestedToCapacityRatio), NodeResourcesBalancedAllocation, NodeAffinity,
 * TaintToleration, NodePorts, ImageLocality, PrioritySort and VolumeBinding (helpers in {@code volumes}).
 */
package io.kube4j.scheduler.plugins;
