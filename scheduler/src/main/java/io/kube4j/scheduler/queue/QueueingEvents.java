package io.kube4j.scheduler.queue;

import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.EnqueueExtensions;
import io.kube4j.scheduler.framework.Plugin;
import io.kube4j.scheduler.framework.QueuedPodInfo;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which cluster events may make which rejected pods schedulable: per plugin, the events it
 * registered. A pod is worth retrying on an event if the event is a wildcard, if no plugin
 * rejected it (it failed by error), or if one of its rejecting plugins registered the event.
 * Immutable, thread-safe.
 */
public record QueueingEvents(Map<String, List<ClusterEvent>> byPlugin) {

    public QueueingEvents {
        byPlugin = Map.copyOf(byPlugin);
    }

    /** The events registered by those of {@code plugins} that implement {@link EnqueueExtensions}. */
    public static QueueingEvents of(Collection<? extends Plugin> plugins) {
        Map<String, List<ClusterEvent>> out = new HashMap<>();
        for (Plugin p : plugins) {
            if (p instanceof EnqueueExtensions ext) {
                out.put(p.name(), List.copyOf(ext.eventsToRegister()));
            }
        }
        return new QueueingEvents(out);
    }

    /** Whether {@code event} may make {@code info} schedulable. */
    public boolean mayHelp(QueuedPodInfo info, ClusterEvent event) {
        if (event.resource().equals("*") || info.unschedulablePlugins().isEmpty()) {
            return true;
        }
        for (String plugin : info.unschedulablePlugins()) {
            for (ClusterEvent registered : byPlugin.getOrDefault(plugin, List.of())) {
                if (registered.covers(event)) {
                    return true;
                }
            }
        }
        return false;
    }
}
