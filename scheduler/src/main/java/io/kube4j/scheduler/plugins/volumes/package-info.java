/**
 * VolumeBinding's helpers: reading the cluster's claims, volumes and storage classes
 * ({@link io.kube4j.scheduler.plugins.volumes.VolumeListers}), sorting a pod's claims
 * ({@link io.kube4j.scheduler.plugins.volumes.PodClaims}), matching volumes and provisioning per
 * node ({@link io.kube4j.scheduler.plugins.volumes.VolumeMatcher}) and the PreBind writes
 * ({@link io.kube4j.scheduler.plugins.volumes.VolumeWriter}).
 */
package io.kube4j.scheduler.plugins.volumes;
