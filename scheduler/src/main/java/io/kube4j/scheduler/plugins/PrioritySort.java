package io.kube4j.scheduler.plugins;

import io.kube4j.scheduler.framework.QueuedPodInfo;
import io.kube4j.scheduler.framework.QueueSortPlugin;

/** QueueSort: higher priority first; equal priorities in the order they were queued. Stateless. */
public final class PrioritySort implements QueueSortPlugin {

    @Override
    public String name() {
        return PluginNames.PRIORITY_SORT;
    }

    @Override
    public boolean less(QueuedPodInfo a, QueuedPodInfo b) {
        int pa = a.priority();
        int pb = b.priority();
        return pa > pb || (pa == pb && a.timestamp().isBefore(b.timestamp()));
    }
}
