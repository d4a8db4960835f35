package io.kube4j.scheduler.config;

import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.core.WeightedScorePlugin;
import io.kube4j.scheduler.framework.Plugin;
import io.kube4j.scheduler.plugins.NodeResourcesFit;
import io.kube4j.scheduler.plugins.ResourceSpec;
import io.kube4j.scheduler.plugins.ScoringStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    private static final String HEADER = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";
    private static final List<String> DEFAULT_FILTER = List.of("NodeUnschedulable", "NodeName", "TaintToleration",
            "NodeAffinity", "NodePorts", "NodeResourcesFit", "VolumeBinding", "PodTopologySpread", "InterPodAffinity");
    private static final Map<String, Integer> DEFAULT_SCORE = ordered("TaintToleration", 3, "NodeAffinity", 2,
            "NodeResourcesFit", 1, "PodTopologySpread", 2, "InterPodAffinity", 2, "NodeResourcesBalancedAllocation", 1,
            "ImageLocality", 1);

    private final ConfigLoader loader = ConfigLoader.standalone();

    @Test
    void anEmptyConfigurationIsUpstreamsDefaultProfile() {
        List<Profile> profiles = loader.load(HEADER);
        assertThat(profiles).hasSize(1);
        Profile got = profiles.getFirst();
        Profile want = Profile.defaults();
        assertThat(got.schedulerName()).isEqualTo("default-scheduler");
        assertThat(got.queueSort().name()).isEqualTo("PrioritySort");
        assertThat(names(got.preFilter())).isEqualTo(names(want.preFilter()));
        assertThat(names(got.filter())).isEqualTo(names(want.filter())).isEqualTo(DEFAULT_FILTER);
        assertThat(names(got.preScore())).isEqualTo(names(want.preScore()));
        assertThat(weights(got)).isEqualTo(weights(want)).containsExactlyEntriesOf(DEFAULT_SCORE);
        assertThat(got.percentageOfNodesToScore()).isNull();
    }

    /** One YAML profile body and the filter and score plugins it must produce. */
    record ShapeCase(String name, String yaml, List<String> filter, Map<String, Integer> score) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ShapeCase> shapes() {
        return Stream.of(
                new ShapeCase("multiPoint disable removes a default everywhere", """
                        profiles:
                        - plugins:
                            multiPoint:
                              disabled: [{name: TaintToleration}]
                        """, without(DEFAULT_FILTER, "TaintToleration"), without(DEFAULT_SCORE, "TaintToleration")),
                new ShapeCase("disabling at one point keeps the plugin at the others", """
                        profiles:
                        - plugins:
                            score:
                              disabled: [{name: NodeAffinity}]
                        """, DEFAULT_FILTER, without(DEFAULT_SCORE, "NodeAffinity")),
                new ShapeCase("star disables every default at that point, enabled ones stay in order", """
                        profiles:
                        - plugins:
                            filter:
                              disabled: [{name: "*"}]
                              enabled: [{name: NodePorts}, {name: NodeName}]
                            score:
                              disabled: [{name: "*"}]
                              enabled: [{name: ImageLocality, weight: 5}]
                        """, List.of("NodePorts", "NodeName"), ordered("ImageLocality", 5)),
                new ShapeCase("multiPoint re-enable re-weights in place", """
                        profiles:
                        - plugins:
                            multiPoint:
                              enabled: [{name: TaintToleration, weight: 7}]
                        """, DEFAULT_FILTER, replace(DEFAULT_SCORE, "TaintToleration", 7)),
                new ShapeCase("score enable of a default overrides its weight and moves it first", """
                        profiles:
                        - plugins:
                            score:
                              enabled: [{name: ImageLocality, weight: 9}]
                        """, DEFAULT_FILTER, moveFirst(DEFAULT_SCORE, "ImageLocality", 9)),
                new ShapeCase("weight 0 means 1", """
                        profiles:
                        - plugins:
                            multiPoint:
                              enabled: [{name: NodeAffinity, weight: 0}]
                        """, DEFAULT_FILTER, replace(DEFAULT_SCORE, "NodeAffinity", 1)),
                new ShapeCase("a disabled default re-enabled at one point runs only there, after the others", """
                        profiles:
                        - plugins:
                            multiPoint:
                              disabled: [{name: NodePorts}]
                            filter:
                              enabled: [{name: NodePorts}]
                        """, moveLast(DEFAULT_FILTER, "NodePorts"), DEFAULT_SCORE));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void pluginSetsMergeAsUpstream(ShapeCase c) {
        Profile p = loader.load(HEADER + c.yaml()).getFirst();
        assertThat(names(p.filter())).as("filter").isEqualTo(c.filter());
        assertThat(weights(p)).as("score").containsExactlyEntriesOf(c.score());
    }

    /** A YAML body and a fragment of the error it must be rejected with. */
    record ErrorCase(String name, String yaml, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ErrorCase> errors() {
        return Stream.of(
                new ErrorCase("unknown plugin at a point", "profiles:\n- plugins:\n    filter:\n      enabled: [{name: Foo}]\n",
                        "creating profile for scheduler name default-scheduler: FilterPlugin \"Foo\" does not exist"),
                new ErrorCase("unknown plugin in multiPoint", "profiles:\n- plugins:\n    multiPoint:\n      enabled: [{name: Foo}]\n",
                        "PreFilterPlugin \"Foo\" does not exist"),
                new ErrorCase("plugin at a point it does not implement",
                        "profiles:\n- plugins:\n    filter:\n      enabled: [{name: ImageLocality}]\n",
                        "plugin \"ImageLocality\" does not extend FilterPlugin plugin"),
                new ErrorCase("same plugin twice at a point",
                        "profiles:\n- plugins:\n    filter:\n      enabled: [{name: NodePorts}, {name: NodePorts}]\n",
                        "plugin \"NodePorts\" already registered as \"FilterPlugin\""),
                new ErrorCase("no queue sort", "profiles:\n- plugins:\n    multiPoint:\n      disabled: [{name: \"*\"}]\n",
                        "no queue sort plugin is enabled"),
                new ErrorCase("duplicate scheduler names",
                        "profiles:\n- schedulerName: a\n- schedulerName: b\n- schedulerName: a\n",
                        "profiles[2].schedulerName: Duplicate value: \"a\""),
                new ErrorCase("unnamed profile among several", "profiles:\n- schedulerName: a\n- percentageOfNodesToScore: 5\n",
                        "profiles[1].schedulerName: Required value"),
                new ErrorCase("empty scheduler name", "profiles:\n- schedulerName: \"\"\n",
                        "profiles[0].schedulerName: Required value"),
                new ErrorCase("negative score weight",
                        "profiles:\n- plugins:\n    score:\n      enabled: [{name: NodeAffinity, weight: -2}]\n",
                        "profiles[0].plugins.score.enabled[0].weight: Invalid value: -2"),
                new ErrorCase("global percentage out of range", "percentageOfNodesToScore: 101\n",
                        "percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]"),
                new ErrorCase("profile percentage out of range", "profiles:\n- percentageOfNodesToScore: -1\n",
                        "profiles[0].percentageOfNodesToScore: Invalid value: -1"),
                new ErrorCase("repeated plugin config", """
                        profiles:
                        - pluginConfig:
                          - name: InterPodAffinity
                            args: {hardPodAffinityWeight: 2}
                          - name: InterPodAffinity
                            args: {hardPodAffinityWeight: 3}
                        """, "profiles[0].pluginConfig[1]: Duplicate value: \"InterPodAffinity\""),
                new ErrorCase("unknown scoring strategy", """
                        profiles:
                        - pluginConfig:
                          - name: NodeResourcesFit
                            args: {scoringStrategy: {type: Random}}
                        """, "profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: \"Random\""),
                new ErrorCase("resource weight out of range", """
                        profiles:
                        - pluginConfig:
                          - name: NodeResourcesFit
                            args: {scoringStrategy: {type: MostAllocated, resources: [{name: cpu, weight: 101}]}}
                        """, "args.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range [1, 100]"),
                new ErrorCase("ratio without shape", """
                        profiles:
                        - pluginConfig:
                          - name: NodeResourcesFit
                            args: {scoringStrategy: {type: RequestedToCapacityRatio}}
                        """, "requestedToCapacityRatio.shape: Required value"),
                new ErrorCase("ratio shape not increasing", """
                        profiles:
                        - pluginConfig:
                          - name: NodeResourcesFit
                            args:
                              scoringStrategy:
                                type: RequestedToCapacityRatio
                                requestedToCapacityRatio: {shape: [{utilization: 50, score: 1}, {utilization: 40, score: 2}]}
                        """, "shape[1].utilization: Invalid value: 40: values must be sorted in increasing order"),
                new ErrorCase("hard pod affinity weight out of range", """
                        profiles:
                        - pluginConfig:
                          - name: InterPodAffinity
                            args: {hardPodAffinityWeight: 101}
                        """, "args.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]"),
                new ErrorCase("system defaulting with constraints", """
                        profiles:
                        - pluginConfig:
                          - name: PodTopologySpread
                            args:
                              defaultingType: System
                              defaultConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]
                        """, "args.defaultingType: Invalid value: \"System\""),
                new ErrorCase("default constraint with a selector", """
                        profiles:
                        - pluginConfig:
                          - name: PodTopologySpread
                            args:
                              defaultingType: List
                              defaultConstraints:
                              - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {a: b}}}
                        """, "defaultConstraints[0].labelSelector: Forbidden"),
                new ErrorCase("default constraint with bad skew", """
                        profiles:
                        - pluginConfig:
                          - name: PodTopologySpread
                            args:
                              defaultingType: List
                              defaultConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]
                        """, "defaultConstraints[0].maxSkew: Invalid value: 0"),
                new ErrorCase("unknown top-level field", "profile: []\n", "couldn't decode as KubeSchedulerConfiguration"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void invalidConfigurationsAreRejected(ErrorCase c) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(HEADER + c.yaml()));
        assertThat(e).as("no error for %s", c.name()).isNotNull();
        assertThat(e.getMessage()).contains(c.error());
    }

    @Test
    void wrongApiVersionIsRejected() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(
                "apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n"));
        assertThat(e.getMessage()).contains("kubescheduler.config.k8s.io/v1beta3");
    }

    @Test
    void profilesKeepFileOrderAndPercentagesFallBackToTheGlobalOne() {
        List<Profile> profiles = loader.load(HEADER + """
                percentageOfNodesToScore: 40
                profiles:
                - schedulerName: first
                - schedulerName: second
                  percentageOfNodesToScore: 70
                """);
        assertThat(profiles).extracting(Profile::schedulerName).containsExactly("first", "second");
        assertThat(profiles).extracting(Profile::percentageOfNodesToScore).containsExactly(40, 70);
    }

    @Test
    void listDefaultingBuildsPodTopologySpreadAndTheLoneProfileIsNamedDefault() {
        Profile p = loader.load(HEADER + """
                profiles:
                - pluginConfig:
                  - name: PodTopologySpread
                    args:
                      defaultingType: List
                      defaultConstraints: [{maxSkew: 2, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]
                """).getFirst();
        assertThat(p.schedulerName()).isEqualTo("default-scheduler");
        assertThat(p.plugins()).containsKey("PodTopologySpread");
    }

    @Test
    void jsonIsReadToo() {
        List<Profile> profiles = loader.load("""
                {"apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "KubeSchedulerConfiguration",
                 "profiles": [{"schedulerName": "json", "plugins": {"score": {"disabled": [{"name": "*"}]}}}]}
                """);
        assertThat(profiles.getFirst().schedulerName()).isEqualTo("json");
        assertThat(profiles.getFirst().score()).isEmpty();
    }

    /** NodeResourcesFit args and the strategy they must yield. */
    record StrategyCase(String name, String args, ScoringStrategy want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<StrategyCase> strategies() {
        return Stream.of(
                new StrategyCase("no args: LeastAllocated over cpu and memory", "{}", ScoringStrategy.defaultStrategy()),
                new StrategyCase("MostAllocated with weights", "{scoringStrategy: {type: MostAllocated, resources: "
                        + "[{name: cpu, weight: 3}, {name: example.com/gpu}]}}",
                        new ScoringStrategy.MostAllocated(List.of(new ResourceSpec("cpu", 3), new ResourceSpec("example.com/gpu", 1)))),
                new StrategyCase("RequestedToCapacityRatio with shape", "{scoringStrategy: {type: RequestedToCapacityRatio, "
                        + "requestedToCapacityRatio: {shape: [{utilization: 0, score: 10}, {utilization: 100, score: 0}]}}}",
                        new ScoringStrategy.RequestedToCapacityRatio(ResourceSpec.DEFAULTS, List.of(
                                new ScoringStrategy.ShapePoint(0, 10), new ScoringStrategy.ShapePoint(100, 0)))));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void nodeResourcesFitArgsSelectTheStrategy(StrategyCase c) {
        Profile p = loader.load(HEADER + "profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: " + c.args() + "\n")
                .getFirst();
        NodeResourcesFit fit = (NodeResourcesFit) p.plugins().get("NodeResourcesFit");
        assertThat(fit.strategy()).isEqualTo(c.want());
    }

    @Test
    void registryCanBeExtendedWithOutOfTreePlugins() {
        Plugin custom = () -> "Custom";
        ConfigLoader withCustom = new ConfigLoader(PluginRegistry.inTree().with("Custom", (args, ctx) -> custom),
                PluginContext.standalone());
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> withCustom.load(
                HEADER + "profiles:\n- plugins:\n    filter:\n      enabled: [{name: Custom}]\n"));
        assertThat(e.getMessage()).contains("plugin \"Custom\" does not extend FilterPlugin plugin");
        assertThat(PluginRegistry.inTree().names()).contains("NodeResourcesFit", "PodTopologySpread", "InterPodAffinity")
                .doesNotContain("Custom");
    }

    private static List<String> names(List<? extends Plugin> plugins) {
        return plugins.stream().map(Plugin::name).toList();
    }

    private static Map<String, Integer> weights(Profile p) {
        Map<String, Integer> w = new LinkedHashMap<>();
        for (WeightedScorePlugin s : p.score()) {
            w.put(s.plugin().name(), s.weight());
        }
        return w;
    }

    private static Map<String, Integer> ordered(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return m;
    }

    private static List<String> without(List<String> l, String name) {
        return l.stream().filter(n -> !n.equals(name)).toList();
    }

    private static List<String> moveLast(List<String> l, String name) {
        return Stream.concat(without(l, name).stream(), Stream.of(name)).toList();
    }

    private static Map<String, Integer> without(Map<String, Integer> m, String name) {
        Map<String, Integer> out = new LinkedHashMap<>(m);
        out.remove(name);
        return out;
    }

    private static Map<String, Integer> replace(Map<String, Integer> m, String name, int weight) {
        Map<String, Integer> out = new LinkedHashMap<>(m);
        out.put(name, weight);
        return out;
    }

    private static Map<String, Integer> moveFirst(Map<String, Integer> m, String name, int weight) {
        Map<String, Integer> out = new LinkedHashMap<>();
        out.put(name, weight);
        m.forEach(out::putIfAbsent);
        return out;
    }

    @Test
    void processSettingsOfUpstreamFilesAreAccepted() {
        List<Profile> profiles = ConfigLoader.standalone().load("""
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                clientConnection:
                  kubeconfig: /etc/kubernetes/scheduler.conf
                leaderElection:
                  leaderElect: true
                parallelism: 16
                profiles:
                - schedulerName: default-scheduler
                """);
        assertThat(profiles).hasSize(1);
    }
}
