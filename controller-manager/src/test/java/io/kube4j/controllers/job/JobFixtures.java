package io.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;

/** Jobs and their pods in the states the tests need. */
final class JobFixtures {

    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private JobFixtures() {
    }

    static Job job(String name, Integer completions, int parallelism, int backoffLimit) {
        return new JobBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(name + "-uid").endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism).withBackoffLimit(backoffLimit)
                .withNewSelector().withMatchLabels(Map.of(JobPods.CONTROLLER_UID, name + "-uid")).endSelector()
                .withTemplate(new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of(JobPods.CONTROLLER_UID, name + "-uid")).endMetadata()
                        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox").endContainer().endSpec().build())
                .endSpec().build();
    }

    static Job indexed(Job job) {
        job.getSpec().setCompletionMode("Indexed");
        return job;
    }

    /** A running pod of {@code job} as the controller would have created it. */
    static Pod pod(Job job, String name, String phase) {
        Pod pod = JobPods.newPod(job, null);
        pod.getMetadata().setName(name);
        pod.getMetadata().setUid(name + "-uid");
        pod.getMetadata().setCreationTimestamp(NOW.toString());
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        pod.getStatus().setPhase(phase);
        return pod;
    }

    static Pod indexedPod(Job job, String name, int index, String phase) {
        Pod pod = pod(job, name, phase);
        Pod withIndex = JobPods.newPod(job, index);
        pod.getMetadata().setAnnotations(withIndex.getMetadata().getAnnotations());
        pod.getMetadata().setLabels(withIndex.getMetadata().getLabels());
        return pod;
    }

    static Pod exited(Pod pod, int code) {
        Pod p = Serialization.clone(pod);
        p.getStatus().setPhase(code == 0 ? "Succeeded" : "Failed");
        p.getStatus().getContainerStatuses().add(new ContainerStatusBuilder().withName("main").withNewState().withNewTerminated()
                .withExitCode(code).endTerminated().endState().build());
        return p;
    }
}
