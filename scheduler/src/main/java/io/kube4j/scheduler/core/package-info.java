/**
 * The scheduling algorithm: a {@link io.kube4j.scheduler.core.Profile} of enabled plugins, the
 * {@link io.kube4j.scheduler.core.FrameworkRunner} that runs them per extension point, and {@link
 * io.kube4j.scheduler.core.ScheduleOne}, which places one pod over a snapshot or explains, in
 * upstream's {@link io.kube4j.scheduler.core.FitError} text, why it cannot.
 */
package io.kube4j.scheduler.core;
