package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static io.kube4j.scheduler.plugins.PodAffinityFixtures.expr;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labels;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.matchLabels;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.selector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelSelectionTest {

    record Case(String name, LabelSelector selector, Map<String, String> labels, boolean matches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Map<String, String> web = labels("app", "web", "tier", "front");
        return Stream.of(
                new Case("null selects nothing", null, web, false),
                new Case("empty selects everything", new LabelSelector(), web, true),
                new Case("empty selects even no labels", new LabelSelector(), null, true),
                new Case("matchLabels equal", matchLabels("app", "web"), web, true),
                new Case("matchLabels differ", matchLabels("app", "db"), web, false),
                new Case("In", selector(expr("app", "In", "db", "web")), web, true),
                new Case("In on a missing key", selector(expr("zone", "In", "a")), web, false),
                new Case("NotIn on a missing key", selector(expr("zone", "NotIn", "a")), web, true),
                new Case("NotIn listed", selector(expr("app", "NotIn", "web")), web, false),
                new Case("Exists", selector(expr("tier", "Exists")), web, true),
                new Case("DoesNotExist on a present key", selector(expr("tier", "DoesNotExist")), web, false),
                new Case("matchLabels and expressions are ANDed",
                        new LabelSelector(java.util.List.of(expr("tier", "In", "back")), labels("app", "web")), web, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matches(Case c) {
        assertThat(LabelSelection.of(c.selector()).matches(c.labels())).isEqualTo(c.matches());
    }

    @Test
    void malformedRequirementsAreRejected() {
        assertThatThrownBy(() -> LabelSelection.of(selector(expr("a", "In")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelSelection.of(selector(expr("a", "Exists", "x")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelSelection.of(selector(expr("a", "Gt", "1")))).isInstanceOf(IllegalArgumentException.class);
    }
}
