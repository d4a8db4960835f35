package io.kube4j.scheduler.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * The shape of a {@code kubescheduler.config.k8s.io/v1} {@code KubeSchedulerConfiguration} file,
 * the parts kube4j honours. Plain immutable values; absent fields are null (lists: empty), and
 * {@link ConfigLoader} applies upstream's defaults.
 *
 * @param percentageOfNodesToScore the global share of nodes to score, 0..100 (null: adaptive)
 */
// Upstream's top-level fields that configure the process rather than the profiles: accepted (files
// written for kube-scheduler carry them) and not used yet.
@JsonIgnoreProperties({"parallelism", "leaderElection", "clientConnection", "healthzBindAddress",
        "metricsBindAddress", "enableProfiling", "enableContentionProfiling", "podInitialBackoffSeconds",
        "podMaxBackoffSeconds", "extenders", "delayCacheUntilActive"})
public record KubeSchedulerConfiguration(String apiVersion, String kind, Integer percentageOfNodesToScore,
                                         List<ProfileConfig> profiles) {

    public static final String API_VERSION = "kubescheduler.config.k8s.io/v1";
    public static final String KIND = "KubeSchedulerConfiguration";

    public KubeSchedulerConfiguration {
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }

    /** One {@code profiles[]} entry. */
    public record ProfileConfig(String schedulerName, Integer percentageOfNodesToScore, PluginsConfig plugins,
                                List<PluginConfigEntry> pluginConfig) {
        public ProfileConfig {
            plugins = plugins == null ? PluginsConfig.EMPTY : plugins;
            pluginConfig = pluginConfig == null ? List.of() : List.copyOf(pluginConfig);
        }
    }

    /** {@code plugins}: one plugin set per extension point, plus {@code multiPoint}. */
    public record PluginsConfig(PluginSet preEnqueue, PluginSet queueSort, PluginSet preFilter, PluginSet filter,
                                PluginSet postFilter, PluginSet preScore, PluginSet score, PluginSet reserve,
                                PluginSet permit, PluginSet preBind, PluginSet bind, PluginSet postBind,
                                PluginSet multiPoint) {

        static final PluginsConfig EMPTY = new PluginsConfig(null, null, null, null, null, null, null, null, null,
                null, null, null, null);

        /** The set configured at {@code point}; never null. */
        public PluginSet at(ExtensionPoint point) {
            PluginSet set = switch (point) {
                case PRE_ENQUEUE -> preEnqueue;
                case QUEUE_SORT -> queueSort;
                case PRE_FILTER -> preFilter;
                case FILTER -> filter;
                case POST_FILTER -> postFilter;
                case PRE_SCORE -> preScore;
                case SCORE -> score;
                case RESERVE -> reserve;
                case PERMIT -> permit;
                case PRE_BIND -> preBind;
                case BIND -> bind;
                case POST_BIND -> postBind;
            };
            return set == null ? PluginSet.EMPTY : set;
        }

        /** The {@code multiPoint} set; never null. */
        public PluginSet multiPointSet() {
            return multiPoint == null ? PluginSet.EMPTY : multiPoint;
        }
    }

    /** {@code enabled} plugins in order, and {@code disabled} ones ({@code "*"} disables all defaults). */
    public record PluginSet(List<PluginRef> enabled, List<PluginRef> disabled) {
        public static final PluginSet EMPTY = new PluginSet(List.of(), List.of());

        public PluginSet {
            enabled = enabled == null ? List.of() : List.copyOf(enabled);
            disabled = disabled == null ? List.of() : List.copyOf(disabled);
        }
    }

    /** A plugin by name; {@code weight} only matters for score plugins (null or 0 means 1). */
    public record PluginRef(String name, Integer weight) {
        public static PluginRef of(String name) {
            return new PluginRef(name, null);
        }
    }

    /** One {@code pluginConfig[]} entry: the plugin's name and its raw {@code args}. */
    public record PluginConfigEntry(String name, JsonNode args) {
    }
}
