package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.PodInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A ClusterWriter that records every call and fails bindings of the pods it is told to. */
class RecordingWriter implements ClusterWriter {

    record Call(String what, String pod, String a, String b) {
    }

    final List<Call> calls = new ArrayList<>();
    final Map<String, String> failBind = new ConcurrentHashMap<>();

    @Override
    public synchronized void bind(Pod pod, String nodeName) {
        String key = PodInfo.keyOf(pod);
        calls.add(new Call("bind", key, nodeName, ""));
        String failure = failBind.get(key);
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public synchronized void markUnschedulable(Pod pod, String reason, String message) {
        calls.add(new Call("condition", PodInfo.keyOf(pod), reason, message));
    }

    @Override
    public synchronized void event(Pod pod, String type, String reason, String action, String note) {
        calls.add(new Call("event", PodInfo.keyOf(pod), type + "/" + reason, note));
    }

    @Override
    public synchronized void setNominatedNodeName(Pod pod, String nodeName) {
        calls.add(new Call("nominate", PodInfo.keyOf(pod), nodeName == null ? "" : nodeName, ""));
    }

    @Override
    public synchronized void preempt(Pod victim, Pod preemptor, String nodeName) {
        calls.add(new Call("preempt", PodInfo.keyOf(victim), PodInfo.keyOf(preemptor), nodeName));
    }

    synchronized List<Call> of(String what) {
        return calls.stream().filter(c -> c.what().equals(what)).toList();
    }
}
