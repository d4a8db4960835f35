/**
 * The scheduling queue: active pods in QueueSort order, backoff with exponential delays, and
 * unschedulable pods requeued by the cluster events their rejecting plugins registered or after
 * five minutes. See {@link io.kube4j.scheduler.queue.SchedulingQueue}.
 */
package io.kube4j.scheduler.queue;
