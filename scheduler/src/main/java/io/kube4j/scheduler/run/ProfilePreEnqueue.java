package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.framework.PreEnqueuePlugin;
import io.kube4j.scheduler.framework.Status;

import java.util.List;
import java.util.Map;

/**
 * The shared queue's PreEnqueue when several profiles share it: each pod goes through the
 * PreEnqueue plugins of its own profile (by {@code spec.schedulerName}), as upstream's queue runs
 * the pod's framework. A rejection names the plugin that rejected. Immutable, thread-safe as the
 * plugins are.
 */
final class ProfilePreEnqueue implements PreEnqueuePlugin {

    private final Map<String, List<PreEnqueuePlugin>> byScheduler;

    ProfilePreEnqueue(List<Profile> profiles) {
        Map<String, List<PreEnqueuePlugin>> m = new java.util.HashMap<>();
        profiles.forEach(p -> m.put(p.schedulerName(), List.copyOf(p.preEnqueue())));
        this.byScheduler = Map.copyOf(m);
    }

    @Override
    public String name() {
        return "ProfilePreEnqueue";
    }

    @Override
    public Status preEnqueue(Pod pod) {
        for (PreEnqueuePlugin plugin : byScheduler.getOrDefault(ProfileDispatch.schedulerNameOf(pod), List.of())) {
            Status s = plugin.preEnqueue(pod);
            if (!s.isSuccess()) {
                return s.plugin().isEmpty() ? s.withPlugin(plugin.name()) : s;
            }
        }
        return Status.success();
    }
}
