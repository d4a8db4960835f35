package io.kube4j.controllers.statefulset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.history.ControllerHistory;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StatefulSet pods' identity and storage (upstream's stateful_set_utils): the name
 * {@code <set>-<ordinal>}, the {@code statefulset.kubernetes.io/pod-name} and
 * {@code apps.kubernetes.io/pod-index} labels, hostname and subdomain, one claim
 * {@code <template>-<set>-<ordinal>} per volumeClaimTemplate mounted as a volume of the template's
 * name, the revision label, and the pod states the controller waits on. Stateless.
 */
public final class StatefulPods {

    public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    private static final Pattern NAME = Pattern.compile("(.*)-([0-9]+)$");

    private StatefulPods() {
    }

    /** The ordinal in a pod's name, or -1 when it has none. */
    public static int ordinal(Pod pod) {
        Matcher m = NAME.matcher(pod.getMetadata().getName());
        if (!m.matches()) {
            return -1;
        }
        try {
            return Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether the pod's name says it belongs to {@code set} (upstream's isMemberOf). */
    public static boolean memberOf(StatefulSet set, Pod pod) {
        Matcher m = NAME.matcher(pod.getMetadata().getName());
        return m.matches() && m.group(1).equals(set.getMetadata().getName());
    }

    public static int startOrdinal(StatefulSet set) {
        return set.getSpec().getOrdinals() == null || set.getSpec().getOrdinals().getStart() == null ? 0
                : set.getSpec().getOrdinals().getStart();
    }

    public static int replicas(StatefulSet set) {
        return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    }

    /** Whether the pod's ordinal is in {@code [start, start + replicas)}. */
    public static boolean inRange(StatefulSet set, Pod pod) {
        int ord = ordinal(pod);
        int start = startOrdinal(set);
        return ord >= start && ord < start + replicas(set);
    }

    public static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    public static String claimName(PersistentVolumeClaim template, StatefulSet set, int ordinal) {
        return template.getMetadata().getName() + "-" + podName(set, ordinal);
    }

    /** The revision name a pod was made from (its controller-revision-hash label), or null. */
    public static String revision(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(ControllerHistory.HASH_LABEL);
    }

    /** The pod for {@code ordinal} from {@code template} (the revision's) owned by {@code set}. */
    public static Pod newPod(StatefulSet set, PodTemplateSpec template, int ordinal, String revision) {
        Pod pod = Pods.fromTemplate(template, set, ControllerRefs.newControllerRef(set));
        pod.getMetadata().setGenerateName(null);
        pod.getMetadata().setName(podName(set, ordinal));
        setIdentity(set, pod);
        setStorage(set, pod);
        pod.getMetadata().getLabels().put(ControllerHistory.HASH_LABEL, revision);
        return pod;
    }

    /** Sets the identity labels, hostname and subdomain (upstream's updateIdentity). */
    static void setIdentity(StatefulSet set, Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        meta.setNamespace(set.getMetadata().getNamespace());
        if (meta.getLabels() == null) {
            meta.setLabels(new HashMap<>());
        }
        meta.getLabels().put(POD_NAME_LABEL, meta.getName());
        meta.getLabels().put(POD_INDEX_LABEL, Integer.toString(ordinal(pod)));
        pod.getSpec().setHostname(meta.getName());
        String service = set.getSpec().getServiceName();
        pod.getSpec().setSubdomain(service == null || service.isEmpty() ? null : service);
    }

    /** Whether the identity labels are right (upstream's identityMatches). */
    static boolean identityMatches(StatefulSet set, Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        return memberOf(set, pod) && set.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
                && pod.getMetadata().getName().equals(labels.get(POD_NAME_LABEL))
                && Integer.toString(ordinal(pod)).equals(labels.get(POD_INDEX_LABEL));
    }

    /** Points a volume named after each claim template at the pod's claim, keeping other volumes (upstream's updateStorage). */
    static void setStorage(StatefulSet set, Pod pod) {
        Map<String, PersistentVolumeClaim> claims = claims(set, pod);
        if (claims.isEmpty()) {
            return;
        }
        List<Volume> volumes = new ArrayList<>();
        for (var e : claims.entrySet()) {
            volumes.add(new VolumeBuilder().withName(e.getKey()).withPersistentVolumeClaim(
                    new PersistentVolumeClaimVolumeSourceBuilder().withClaimName(e.getValue().getMetadata().getName()).build()).build());
        }
        if (pod.getSpec().getVolumes() != null) {
            for (Volume v : pod.getSpec().getVolumes()) {
                if (!claims.containsKey(v.getName())) {
                    volumes.add(v);
                }
            }
        }
        pod.getSpec().setVolumes(volumes);
    }

    /** Whether every claim template's volume names the pod's claim (upstream's storageMatches). */
    static boolean storageMatches(StatefulSet set, Pod pod) {
        Map<String, PersistentVolumeClaim> claims = claims(set, pod);
        List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        for (var e : claims.entrySet()) {
            boolean found = volumes.stream().anyMatch(v -> v.getName().equals(e.getKey()) && v.getPersistentVolumeClaim() != null
                    && e.getValue().getMetadata().getName().equals(v.getPersistentVolumeClaim().getClaimName()));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /**
     * The claims the pod needs, by template name: each a copy of its template named
     * {@code <template>-<set>-<ordinal>} in the set's namespace, labelled with the template's labels
     * and the set's matchLabels (upstream's getPersistentVolumeClaims).
     */
    static Map<String, PersistentVolumeClaim> claims(StatefulSet set, Pod pod) {
        Map<String, PersistentVolumeClaim> out = new LinkedHashMap<>();
        List<PersistentVolumeClaim> templates = set.getSpec().getVolumeClaimTemplates();
        if (templates == null) {
            return out;
        }
        int ordinal = ordinal(pod);
        for (PersistentVolumeClaim t : templates) {
            PersistentVolumeClaim claim = Serialization.clone(t);
            ObjectMeta meta = claim.getMetadata() == null ? new ObjectMeta() : claim.getMetadata();
            ObjectMeta fresh = new ObjectMeta();
            fresh.setName(claimName(t, set, ordinal));
            fresh.setNamespace(set.getMetadata().getNamespace());
            Map<String, String> labels = new HashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
            if (set.getSpec().getSelector() != null && set.getSpec().getSelector().getMatchLabels() != null) {
                labels.putAll(set.getSpec().getSelector().getMatchLabels());
            }
            fresh.setLabels(labels);
            fresh.setAnnotations(meta.getAnnotations());
            claim.setMetadata(fresh);
            claim.setApiVersion("v1");
            claim.setKind("PersistentVolumeClaim");
            claim.setStatus(null);
            out.put(t.getMetadata().getName(), claim);
        }
        return out;
    }

    /** Created: the pod exists in the cache (upstream reads a non-empty phase, which our placeholders lack). */
    static boolean created(Pod pod) {
        return pod.getMetadata().getUid() != null;
    }

    static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean runningAndReady(Pod pod) {
        return "Running".equals(Pods.phase(pod)) && Pods.ready(pod);
    }

    static boolean runningAndAvailable(Pod pod, int minReadySeconds, Instant now) {
        return "Running".equals(Pods.phase(pod)) && Pods.available(pod, minReadySeconds, now);
    }

    static boolean healthy(Pod pod) {
        return runningAndReady(pod) && !terminating(pod);
    }
}
