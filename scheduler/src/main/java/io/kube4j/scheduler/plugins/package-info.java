/**
 * The in-tree plugins, one class each, with upstream's names, reason strings, scoring formulas
 * and default weights: NodeName, NodeUnschedulable, NodeResourcesFit (LeastAllocated,
 * MostAllocated, RequestedToCapacityRatio), NodeResourcesBalancedAllocation, NodeAffinity,
 * TaintToleration, NodePorts, ImageLocality and PrioritySort.
 */
package io.kube4j.scheduler.plugins;
