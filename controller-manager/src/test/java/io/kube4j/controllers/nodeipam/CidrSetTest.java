package io.kube4j.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrSetTest {

    @Test
    void handsOutBlocksInOrderThenRunsOut() {
        CidrSet set = new CidrSet("10.42.0.0/22", 24);
        assertThat(set.allocateNext()).contains("10.42.0.0/24");
        assertThat(set.allocateNext()).contains("10.42.1.0/24");
        assertThat(set.allocateNext()).contains("10.42.2.0/24");
        assertThat(set.allocateNext()).contains("10.42.3.0/24");
        assertThat(set.allocateNext()).isEmpty();
        assertThat(set.free()).isZero();
    }

    @Test
    void occupiedBlocksAreSkippedAndReleasedOnesComeBackAfterTheRest() {
        CidrSet set = new CidrSet("10.42.0.0/22", 24);
        assertThat(set.occupy("10.42.0.0/24")).isTrue();
        assertThat(set.allocateNext()).contains("10.42.1.0/24");
        set.release("10.42.1.0/24");
        // Wraps around rather than reusing the block just freed.
        assertThat(set.allocateNext()).contains("10.42.2.0/24");
        assertThat(set.allocateNext()).contains("10.42.3.0/24");
        assertThat(set.allocateNext()).contains("10.42.1.0/24");
    }

    @Test
    void blocksOutsideTheSetAreRefused() {
        CidrSet set = new CidrSet("10.42.0.0/16", 24);
        assertThat(set.occupy("10.43.0.0/24")).isFalse();
        assertThat(set.occupy("10.42.0.0/25")).isFalse();
        assertThat(set.occupy("10.42.0.1/24")).isFalse();
        assertThat(set.occupy("nonsense")).isFalse();
        assertThat(set.occupy("10.42.255.0/24")).isTrue();
        assertThat(set.free()).isEqualTo(255);
    }

    @Test
    void aBaseWithHostBitsIsMaskedAndBadMasksRefused() {
        assertThat(new CidrSet("10.42.7.9/16", 24).allocateNext()).contains("10.42.0.0/24");
        assertThatThrownBy(() -> new CidrSet("10.42.0.0/24", 24)).hasMessageContaining("must be longer");
        assertThatThrownBy(() -> new CidrSet("10.42.0.0", 24)).hasMessageContaining("no prefix length");
        assertThatThrownBy(() -> new CidrSet("fd00::/48", 64)).isInstanceOf(IllegalArgumentException.class);
    }
}
