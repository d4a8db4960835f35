package io.kube4j.apiserver.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManagedSetTest {

    private static FieldPath path(String... elements) {
        return new FieldPath(List.of(elements));
    }

    @Test
    void descendantsAreFoundWhateverElseSortsBetween() {
        ManagedSet set = new ManagedSet(Set.of(
                path("f:spec"),
                path("f:spec", "f:containers"),
                path("f:spec", "f:containers", "k:{\"name\":\"a\"}"),
                path("f:spec", "f:containers", "k:{\"name\":\"a\"}", "f:image"),
                path("f:spec", "f:containers", "k:{\"name\":\"b\"}"),
                path("f:spec", "f:replicas"),
                path("f:metadata", "f:labels", "f:app"),
                path("f:spec", "f:ports", "i:0")));
        assertThat(set.hasDescendant(path("f:spec"))).isTrue();
        assertThat(set.hasDescendant(path("f:spec", "f:containers", "k:{\"name\":\"a\"}"))).isTrue();
        assertThat(set.hasDescendant(path("f:spec", "f:containers", "k:{\"name\":\"b\"}"))).isFalse();
        assertThat(set.hasDescendant(path("f:spec", "f:replicas"))).isFalse();
        assertThat(set.hasDescendant(path("f:metadata"))).isTrue();
        assertThat(set.hasDescendant(path("f:metadata", "f:labels", "f:app"))).isFalse();
        assertThat(set.hasDescendant(path("f:spec", "f:ports"))).as("not itself in the set").isTrue();
        assertThat(set.hasDescendant(path("f:status"))).isFalse();
        assertThat(set.hasDescendant(FieldPath.ROOT)).isTrue();
    }

    @Test
    void fieldsSortBeforeKeysValuesAndIndices() {
        assertThat(FieldPath.compareElements("f:z", "k:{}")).isNegative();
        assertThat(FieldPath.compareElements("k:{}", "v:1")).isNegative();
        assertThat(FieldPath.compareElements("v:1", "i:0")).isNegative();
        assertThat(FieldPath.compareElements("f:a", "f:b")).isNegative();
        assertThat(FieldPath.compareElements("i:0", "i:0")).isZero();
    }
}
