package io.kube4j.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/** What one probe run is aimed at: a running instance of a pod's container, and the pod's IP. */
record ProbeTarget(Pod pod, Container container, String containerId, String podIp) {}
