/**
 * The running scheduler: {@link io.kube4j.scheduler.run.Scheduler} wires fabric8 informers for
 * pods and nodes ({@link io.kube4j.scheduler.run.InformerHandlers}) into a
 * {@link io.kube4j.scheduler.run.SchedulerCache} of nodes and assigned or assumed pods and into the
 * scheduling queue, and runs the {@link io.kube4j.scheduler.run.SchedulingLoop}, which writes
 * bindings, PodScheduled conditions and events through a
 * {@link io.kube4j.scheduler.run.ClusterWriter}.
 */
package io.kube4j.scheduler.run;
