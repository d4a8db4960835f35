/**
 * The scheduling framework's contract, in upstream kube-scheduler's shape: {@link
 * io.kube4j.scheduler.framework.Status} and {@link io.kube4j.scheduler.framework.Code}, the
 * per-cycle {@link io.kube4j.scheduler.framework.CycleState}, one interface per extension point
 * (PreEnqueue, QueueSort, PreFilter, Filter, PostFilter, PreScore, Score with NormalizeScore,
 * Reserve, Permit, PreBind, Bind, PostBind), and the cluster model plugins read: {@link
 * io.kube4j.scheduler.framework.Resources}, {@link io.kube4j.scheduler.framework.PodRequests},
 * {@link io.kube4j.scheduler.framework.NodeInfo} and {@link io.kube4j.scheduler.framework.Snapshot}.
 */
package io.kube4j.scheduler.framework;
