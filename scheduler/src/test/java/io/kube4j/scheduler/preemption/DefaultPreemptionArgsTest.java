package io.kube4j.scheduler.preemption;

import io.kube4j.scheduler.config.ConfigException;
import io.kube4j.scheduler.config.PluginContext;
import io.kube4j.scheduler.config.PluginRegistry;
import io.kube4j.scheduler.framework.Plugin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DefaultPreemptionArgs and how many candidates a dry run looks for. */
class DefaultPreemptionArgsTest {

    @ParameterizedTest(name = "{0}% / {1} of {2} nodes -> {3}")
    @CsvSource({
            "10, 100, 50, 50",      // fewer nodes than the absolute minimum: all
            "10, 100, 5000, 500",   // 10 % of 5000
            "10, 100, 500, 100",    // 10 % is 50, the absolute minimum wins
            "0, 3, 10, 3",
            "100, 0, 7, 7"})
    void numCandidates(int pct, int abs, int nodes, int expected) {
        assertThat(new DefaultPreemption(pct, abs, new Random(1)).numCandidates(nodes)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"minCandidateNodesPercentage\": 101}|minCandidateNodesPercentage: Invalid value: 101",
            "{\"minCandidateNodesAbsolute\": -1}|minCandidateNodesAbsolute: Invalid value: -1",
            "{\"minCandidateNodesPercentage\": 0, \"minCandidateNodesAbsolute\": 0}|cannot be zero"})
    void invalidArgsAreRefused(String json, String expected) {
        var factory = PluginRegistry.inTree().factory(DefaultPreemption.NAME).orElseThrow();
        assertThatThrownBy(() -> factory.create(JsonMapper.builder().build().readTree(json), PluginContext.standalone()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"{}", "{\"minCandidateNodesPercentage\": 20, \"minCandidateNodesAbsolute\": 5}"})
    void validArgsBuildThePlugin(String json) {
        Plugin p = PluginRegistry.inTree().factory(DefaultPreemption.NAME).orElseThrow()
                .create(JsonMapper.builder().build().readTree(json), PluginContext.standalone());
        assertThat(p).isInstanceOf(DefaultPreemption.class);
    }
}
