package io.kube4j.scheduler.config;

import io.kube4j.scheduler.config.KubeSchedulerConfiguration.PluginRef;
import io.kube4j.scheduler.config.KubeSchedulerConfiguration.PluginSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's merge of a default plugin set with a configured one: defaults first in their order
 * (all dropped when {@code "*"} is disabled), each disabled one removed, a re-enabled default
 * replaced in place by the configured entry (so its weight wins), then the other configured
 * plugins appended. Disabled names of both sets are kept so MultiPoint expansion can honour them.
 */
final class PluginSetMerge {

    static final String ALL = "*";

    private PluginSetMerge() {
    }

    static PluginSet merge(PluginSet defaults, PluginSet custom) {
        List<PluginRef> disabled = new ArrayList<>();
        Set<String> disabledNames = new HashSet<>();
        for (PluginRef p : custom.disabled()) {
            disabled.add(PluginRef.of(p.name()));
            disabledNames.add(p.name());
        }
        for (PluginRef p : defaults.disabled()) {
            disabled.add(PluginRef.of(p.name()));
            disabledNames.add(p.name());
        }
        Map<String, Integer> customIndex = new HashMap<>();
        for (int i = 0; i < custom.enabled().size(); i++) {
            customIndex.put(custom.enabled().get(i).name(), i);
        }
        Set<Integer> replaced = new HashSet<>();
        List<PluginRef> enabled = new ArrayList<>();
        if (!disabledNames.contains(ALL)) {
            for (PluginRef p : defaults.enabled()) {
                if (disabledNames.contains(p.name())) {
                    continue;
                }
                Integer i = customIndex.get(p.name());
                if (i != null) {
                    replaced.add(i);
                    enabled.add(custom.enabled().get(i));
                } else {
                    enabled.add(p);
                }
            }
        }
        // Duplicated custom plugins are still appended; profile assembly reports them.
        for (int i = 0; i < custom.enabled().size(); i++) {
            if (!replaced.contains(i)) {
                enabled.add(custom.enabled().get(i));
            }
        }
        return new PluginSet(enabled, disabled);
    }
}
