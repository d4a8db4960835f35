/**
 * Scheduler configuration: {@link io.kube4j.scheduler.config.ConfigLoader} reads a
 * {@code kubescheduler.config.k8s.io/v1} KubeSchedulerConfiguration and builds
 * {@link io.kube4j.scheduler.core.Profile}s from the plugins of a
 * {@link io.kube4j.scheduler.config.PluginRegistry}, with upstream's defaults, plugin-set merge,
 * MultiPoint expansion and validation messages.
 */
package io.kube4j.scheduler.config;
