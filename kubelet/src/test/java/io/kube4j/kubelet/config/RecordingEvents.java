package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.events.KubeletEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the events it is given, as "type reason: message". */
public final class RecordingEvents implements KubeletEvents {

    public final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void pod(Pod pod, String fieldPath, String type, String reason, String message) {
        events.add(type + " " + reason + ": " + message);
    }
}
