package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ClusterWriter} over a fabric8 client. The binding and the condition go out as raw
 * requests on the client's authenticated HTTP client (fabric8 has no DSL for pods/binding, and a
 * strategic merge patch of the status keeps the kubelet's other conditions, merged by type);
 * events are events.k8s.io/v1 Events as upstream's recorder writes them. Thread-safe; does not own
 * the client.
 */
public final class Fabric8ClusterWriter implements ClusterWriter {

    private static final Logger LOG = LoggerFactory.getLogger(Fabric8ClusterWriter.class);
    private static final long REQUEST_TIMEOUT_SECONDS = 30;
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final String schedulerName;
    private final String reportingInstance;
    private final Clock clock;

    /**
     * @param schedulerName the reporting controller of events (the profile's scheduler name)
     * @param instance      this scheduler's identity, e.g. the host name
     */
    public Fabric8ClusterWriter(KubernetesClient client, String schedulerName, String instance, Clock clock) {
        this.client = client;
        this.schedulerName = schedulerName;
        this.reportingInstance = schedulerName + "-" + instance;
        this.clock = clock;
    }

    @Override
    public void bind(Pod pod, String nodeName) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("apiVersion", "v1");
        binding.put("kind", "Binding");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", pod.getMetadata().getName());
        meta.put("namespace", pod.getMetadata().getNamespace());
        if (pod.getMetadata().getUid() != null) {
            // With the uid the apiserver refuses to bind a pod re-created under the same name.
            meta.put("uid", pod.getMetadata().getUid());
        }
        binding.put("metadata", meta);
        binding.put("target", Map.of("apiVersion", "v1", "kind", "Node", "name", nodeName));
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
                .uri(podUrl(pod) + "/binding")
                .post("application/json", json(binding))
                .build();
        send(request, "bind " + key(pod) + " to " + nodeName);
    }

    @Override
    public void markUnschedulable(Pod pod, String reason, String message) {
        PodCondition old = scheduledCondition(pod);
        if (old != null && "False".equals(old.getStatus()) && reason.equals(old.getReason())
                && message.equals(old.getMessage())) {
            return;
        }
        // The transition time moves only when the status does, as upstream's UpdatePodCondition.
        String transition = old != null && "False".equals(old.getStatus()) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime()
                : RFC3339.format(clock.instant());
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "PodScheduled");
        condition.put("status", "False");
        condition.put("lastProbeTime", null);
        condition.put("lastTransitionTime", transition);
        condition.put("reason", reason);
        condition.put("message", message);
        Map<String, Object> patch = Map.of("status", Map.of("conditions", List.of(condition)));
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
                .uri(podUrl(pod) + "/status")
                .method("PATCH", "application/strategic-merge-patch+json", json(patch))
                .build();
        send(request, "update the PodScheduled condition of " + key(pod));
    }

    @Override
    public void event(Pod pod, String type, String reason, String action, String note) {
        var now = clock.instant();
        Event ev = new EventBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName() + "." + Long.toHexString(
                        ChronoUnit.NANOS.between(java.time.Instant.EPOCH, now)))
                .withNamespace(pod.getMetadata().getNamespace())
                .endMetadata()
                .withEventTime(new MicroTime(MICRO_TIME.format(now)))
                .withReportingController(schedulerName)
                .withReportingInstance(reportingInstance)
                .withAction(action)
                .withReason(reason)
                .withType(type)
                .withNote(note)
                .withRegarding(new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod")
                        .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withUid(pod.getMetadata().getUid())
                        .withResourceVersion(pod.getMetadata().getResourceVersion()).build())
                .build();
        try {
            client.events().v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(ev).create();
        } catch (KubernetesClientException e) {
            LOG.warn("could not record event {} for pod {}: {}", reason, key(pod), e.getMessage());
        }
    }

    @Override
    public void setNominatedNodeName(Pod pod, String nodeName) {
        Map<String, Object> status = new LinkedHashMap<>();
        // null removes the field in a merge patch
        status.put("nominatedNodeName", nodeName == null || nodeName.isEmpty() ? null : nodeName);
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
                .uri(podUrl(pod) + "/status")
                .method("PATCH", "application/merge-patch+json", json(Map.of("status", status)))
                .build();
        send(request, "set the nominated node of " + key(pod));
    }

    @Override
    public void preempt(Pod victim, Pod preemptor, String nodeName) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "DisruptionTarget");
        condition.put("status", "True");
        condition.put("lastTransitionTime", RFC3339.format(clock.instant()));
        condition.put("reason", "PreemptionByScheduler");
        condition.put("message", schedulerName + ": preempting to accommodate a higher priority pod");
        HttpRequest patch = client.getHttpClient().newHttpRequestBuilder()
                .uri(podUrl(victim) + "/status")
                .method("PATCH", "application/strategic-merge-patch+json",
                        json(Map.of("status", Map.of("conditions", List.of(condition)))))
                .build();
        try {
            send(patch, "mark " + key(victim) + " as a preemption victim");
            if (client.pods().inNamespace(victim.getMetadata().getNamespace()).withName(victim.getMetadata().getName())
                    .delete().isEmpty()) {
                return; // gone already
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            return; // gone already: nothing left to evict
        }
        event(victim, "Normal", "Preempted", "Preempting",
                "Preempted by pod " + preemptor.getMetadata().getUid() + " on node " + nodeName);
    }

    private static PodCondition scheduledCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
    }

    private void send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().sendAsync(request, String.class)
                    .get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted: " + what);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("could not " + what + ": " + e.getMessage(), e);
        }
        if (!response.isSuccessful()) {
            throw new KubernetesClientException("could not " + what + ": HTTP " + response.code() + " " + response.body(),
                    response.code(), null);
        }
    }

    private String podUrl(Pod pod) {
        String base = client.getMasterUrl().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName();
    }

    private String json(Object value) {
        return client.getKubernetesSerialization().asJson(value);
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
