package io.kube4j.controllers.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ControllerSelectionTest {

    private static final List<ControllerDescriptor> CATALOG = List.of(
            new ControllerDescriptor("replicaset-controller", List.of("replicaset"), true, c -> null),
            new ControllerDescriptor("deployment-controller", List.of("deployment"), true, c -> null),
            new ControllerDescriptor("bootstrap-signer-controller", List.of("bootstrapsigner"), false, c -> null));

    record Case(String flag, List<String> enabled) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("*", List.of("replicaset-controller", "deployment-controller")),
                new Case("*,-deployment", List.of("replicaset-controller")),
                new Case("*,-deployment-controller", List.of("replicaset-controller")),
                new Case("*,bootstrapsigner", List.of("replicaset-controller", "deployment-controller", "bootstrap-signer-controller")),
                new Case("replicaset", List.of("replicaset-controller")),
                new Case("-replicaset,*", List.of("deployment-controller")),
                new Case("", List.of()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void selectsAsUpstreamsFlag(Case c) {
        assertThat(ControllerSelection.parse(c.flag()).select(CATALOG)).extracting(ControllerDescriptor::name)
                .containsExactlyElementsOf(c.enabled());
    }

    @Test
    void unknownNamesAreRefused() {
        assertThatThrownBy(() -> ControllerSelection.parse("*,-nosuch").select(CATALOG))
                .hasMessage("\"nosuch\" is not in the list of known controllers");
    }
}
