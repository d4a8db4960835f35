package io.kube4j.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompletionIndexesTest {

    @ParameterizedTest(name = "{0} <-> \"{1}\"")
    @CsvSource(delimiter = '|', value = {"''|''", "0|0", "1,3,4,5|1,3-5", "0,1,2|0-2", "0,2,4|0,2,4", "7,8,10,11|7-8,10-11"})
    void formatsAndParsesRanges(String list, String text) {
        List<Integer> indexes = list.isEmpty() ? List.of() : Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
        assertThat(CompletionIndexes.format(indexes)).isEqualTo(text);
        assertThat(CompletionIndexes.parse(text, 100)).containsExactlyElementsOf(indexes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1-9|5|1,2,3,4", "x,2|5|2"})
    void parseDropsIndexesAtOrAboveCompletionsAndJunk(String text, int completions, String expected) {
        assertThat(CompletionIndexes.parse(text, completions)).containsExactlyElementsOf(
                Arrays.stream(expected.split(",")).map(Integer::valueOf).toList());
    }
}
