/**
 * Upstream's DefaultPreemption: when no node fits a pod, find nodes where evicting lower-priority
 * pods would make room, pick the victims per node (fewest, sparing PodDisruptionBudgets first),
 * order the candidates as upstream does and nominate the best node. The plugin decides only; the
 * run package carries out the decision (victim deletion, nominatedNodeName).
 */
package io.kube4j.scheduler.preemption;
