package io.kube4j.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvExpansionTest {

    private static final Map<String, String> VARS = Map.of("VAR_A", "A", "VAR_B", "B", "VAR_EMPTY", "", "VAR_REF", "$(VAR_A)");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$(VAR_A)|A",
        "___$(VAR_B)___|___B___",
        "$(VAR_A)-$(VAR_B)|A-B",
        "$(VAR_EMPTY)x|x",
        "$(VAR_REF)|$(VAR_A)",
        "$(UNKNOWN)|$(UNKNOWN)",
        "$$(VAR_A)|$(VAR_A)",
        "$$$(VAR_A)|$A",
        "$$$$(VAR_A)|$$(VAR_A)",
        "f00__(VAR_A)__|f00__(VAR_A)__",
        "$(VAR_A|$(VAR_A",
        "$VAR_A|$VAR_A",
        "tail$|tail$",
        "$()|$()",
        "$(VAR_A)$(VAR_A)$(VAR_B)|AAB",
    })
    void expandsLikeUpstream(String input, String expected) {
        assertThat(EnvExpansion.expand(input, EnvExpansion.lookupIn(VARS))).isEqualTo(expected);
    }

    @Test
    void firstMapWins() {
        var lookup = EnvExpansion.lookupIn(Map.of("X", "1"), Map.of("X", "2", "Y", "3"));
        assertThat(EnvExpansion.expand("$(X)$(Y)", lookup)).isEqualTo("13");
    }
}
