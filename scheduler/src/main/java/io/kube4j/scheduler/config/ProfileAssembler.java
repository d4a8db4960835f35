package io.kube4j.scheduler.config;

import io.kube4j.scheduler.config.KubeSchedulerConfiguration.PluginConfigEntry;
import io.kube4j.scheduler.config.KubeSchedulerConfiguration.PluginRef;
import io.kube4j.scheduler.config.KubeSchedulerConfiguration.PluginSet;
import io.kube4j.scheduler.config.KubeSchedulerConfiguration.ProfileConfig;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.framework.Plugin;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;

/**
 * Turns one configured profile into a {@link Profile}, as upstream's framework does: the
 * MultiPoint set (merged with the defaults) expands into every extension point a plugin
 * implements unless that point disables it (or {@code "*"}); a plugin also enabled explicitly at a
 * point keeps that entry. Each needed plugin is built once from the registry with its args. Score
 * weights come from {@code score.enabled} first, then MultiPoint; 0 or unset means 1. Stateless.
 */
final class ProfileAssembler {

    private final PluginRegistry registry;
    private final PluginContext context;

    ProfileAssembler(PluginRegistry registry, PluginContext context) {
        this.registry = registry;
        this.context = context;
    }

    /**
     * @param path                  {@code profiles[i]}, for argument errors
     * @param globalPercentage      the top-level percentageOfNodesToScore, used when the profile has none
     * @throws ConfigException on unknown or misplaced plugins, repeated plugins or args, bad args or weights
     */
    Profile assemble(ProfileConfig config, String path, Integer globalPercentage) {
        String name = config.schedulerName();
        PluginSet multiPoint = PluginSetMerge.merge(DefaultPlugins.MULTI_POINT, config.plugins().multiPointSet());
        Map<ExtensionPoint, PluginSet> points = new EnumMap<>(ExtensionPoint.class);
        for (ExtensionPoint point : ExtensionPoint.values()) {
            points.put(point, PluginSetMerge.merge(PluginSet.EMPTY, config.plugins().at(point)));
        }
        Map<String, Plugin> plugins = instantiate(config, path, multiPoint, points);

        Map<ExtensionPoint, List<String>> resolved = new EnumMap<>(ExtensionPoint.class);
        for (ExtensionPoint point : ExtensionPoint.values()) {
            resolved.put(point, resolve(name, point, points.get(point), multiPoint, plugins));
        }
        Map<String, Integer> weights = scoreWeights(name, path, points.get(ExtensionPoint.SCORE), multiPoint, plugins);

        if (resolved.get(ExtensionPoint.QUEUE_SORT).isEmpty()) {
            throw failure(name, "no queue sort plugin is enabled");
        }
        if (resolved.get(ExtensionPoint.QUEUE_SORT).size() > 1) {
            throw failure(name, "only one queue sort plugin can be enabled");
        }
        Profile.Builder builder = Profile.builder(name)
                .percentageOfNodesToScore(config.percentageOfNodesToScore() != null
                        ? config.percentageOfNodesToScore() : globalPercentage);
        resolved.forEach((point, names) -> names.forEach(n ->
                builder.addAt(point.type(), plugins.get(n), weights.getOrDefault(n, 1))));
        return builder.build();
    }

    /** Builds every plugin enabled anywhere, once, with its args; unknown names are errors. */
    private Map<String, Plugin> instantiate(ProfileConfig config, String path, PluginSet multiPoint,
                                            Map<ExtensionPoint, PluginSet> points) {
        Map<String, JsonNode> args = new HashMap<>();
        Map<String, Integer> argsIndex = new HashMap<>();
        for (int i = 0; i < config.pluginConfig().size(); i++) {
            PluginConfigEntry entry = config.pluginConfig().get(i);
            if (args.containsKey(entry.name()) || argsIndex.containsKey(entry.name())) {
                throw new ConfigException(path + ".pluginConfig[" + i + "]: Duplicate value: \"" + entry.name() + "\"");
            }
            args.put(entry.name(), entry.args());
            argsIndex.put(entry.name(), i);
        }
        // Upstream reports a name missing from the registry at the first point it is looked up.
        Set<String> needed = new LinkedHashSet<>();
        for (ExtensionPoint point : ExtensionPoint.values()) {
            for (PluginRef p : points.get(point).enabled()) {
                if (registry.factory(p.name()).isEmpty()) {
                    throw failure(config.schedulerName(), point.typeName() + " \"" + p.name() + "\" does not exist");
                }
                needed.add(p.name());
            }
        }
        for (PluginRef p : multiPoint.enabled()) {
            if (registry.factory(p.name()).isEmpty()) {
                throw failure(config.schedulerName(),
                        ExtensionPoint.values()[0].typeName() + " \"" + p.name() + "\" does not exist");
            }
            needed.add(p.name());
        }
        Map<String, Plugin> plugins = new LinkedHashMap<>();
        for (String n : needed) {
            try {
                plugins.put(n, registry.factory(n).orElseThrow().create(args.get(n), context));
            } catch (ConfigException e) {
                String prefix = path + ".pluginConfig[" + argsIndex.getOrDefault(n, -1) + "].args.";
                throw new ConfigException(e.errors().stream().map(m -> prefix + m).toList());
            }
        }
        return plugins;
    }

    /** The plugin names at one point, in upstream's order: overrides, then MultiPoint ones, then the rest. */
    private static List<String> resolve(String profile, ExtensionPoint point, PluginSet specific, PluginSet multiPoint,
                                        Map<String, Plugin> plugins) {
        SequencedSet<String> enabled = new LinkedHashSet<>();
        for (PluginRef p : specific.enabled()) {
            if (!point.type().isInstance(plugins.get(p.name()))) {
                throw failure(profile, "plugin \"" + p.name() + "\" does not extend " + point.typeName() + " plugin");
            }
            if (!enabled.add(p.name())) {
                throw failure(profile, "plugin \"" + p.name() + "\" already registered as \"" + point.typeName() + "\"");
            }
        }
        Set<String> disabled = new LinkedHashSet<>();
        specific.disabled().forEach(p -> disabled.add(p.name()));
        if (disabled.contains(PluginSetMerge.ALL)) {
            return List.copyOf(enabled);
        }
        SequencedSet<String> overrides = new LinkedHashSet<>();
        SequencedSet<String> fromMultiPoint = new LinkedHashSet<>();
        for (PluginRef p : multiPoint.enabled()) {
            if (!point.type().isInstance(plugins.get(p.name())) || disabled.contains(p.name())) {
                continue;
            }
            if (enabled.contains(p.name())) {
                overrides.add(p.name());
                continue;
            }
            if (!fromMultiPoint.add(p.name())) {
                throw failure(profile, "plugin \"" + p.name() + "\" already registered as \"" + point.typeName() + "\"");
            }
        }
        SequencedSet<String> ordered = new LinkedHashSet<>(overrides);
        ordered.addAll(fromMultiPoint);
        ordered.addAll(enabled);
        return List.copyOf(ordered);
    }

    private static Map<String, Integer> scoreWeights(String profile, String path, PluginSet score, PluginSet multiPoint,
                                                     Map<String, Plugin> plugins) {
        Map<String, Integer> weights = new HashMap<>();
        List<PluginRef> all = new ArrayList<>(score.enabled());
        all.addAll(multiPoint.enabled());
        for (int i = 0; i < all.size(); i++) {
            PluginRef p = all.get(i);
            if (weights.containsKey(p.name()) || !ExtensionPoint.SCORE.type().isInstance(plugins.get(p.name()))) {
                continue;
            }
            int w = p.weight() == null ? 0 : p.weight();
            if (w < 0) {
                String where = i < score.enabled().size() ? "score.enabled[" + i + "]"
                        : "multiPoint.enabled[" + (i - score.enabled().size()) + "]";
                throw new ConfigException(path + ".plugins." + where + ".weight: Invalid value: " + w
                        + ": score plugin \"" + p.name() + "\" weight must not be negative (profile \"" + profile + "\")");
            }
            weights.put(p.name(), w == 0 ? 1 : w);
        }
        return weights;
    }

    private static ConfigException failure(String profile, String message) {
        return new ConfigException("creating profile for scheduler name " + profile + ": " + message);
    }
}
