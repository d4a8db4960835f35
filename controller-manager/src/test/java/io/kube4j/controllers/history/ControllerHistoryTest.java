package io.kube4j.controllers.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.kube4j.controllers.testing.FakeCluster;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControllerHistoryTest {

    private static PodTemplateSpec template(String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "x")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().build();
    }

    @Test
    void hashIsStableSafeAndDependsOnDataAndCollisionCount() {
        String a = ControllerHistory.hash(TemplateRevisions.dataOf(template("i:1")), null);
        assertThat(a).isEqualTo(ControllerHistory.hash(TemplateRevisions.dataOf(template("i:1")), null));
        assertThat(a).matches("[bcdfghjklmnpqrstvwxz2456789]+");
        assertThat(ControllerHistory.hash(TemplateRevisions.dataOf(template("i:2")), null)).isNotEqualTo(a);
        assertThat(ControllerHistory.hash(TemplateRevisions.dataOf(template("i:1")), 1)).isNotEqualTo(a);
    }

    @Test
    void fnv1OfKnownInput() {
        // FNV-1 32 of "a" is 0x050c5d7e = 84696446; each decimal digit maps to ALPHABET[digit char % 27].
        assertThat(RevisionHash.of("a", null)).isEqualTo("d8bfb88b");
    }

    @Test
    void templateRoundTripsThroughRevisionData() {
        var data = TemplateRevisions.dataOf(template("i:1"));
        Object patch = ((Map<?, ?>) ((Map<?, ?>) data.get("spec")).get("template")).get("$patch");
        assertThat(patch).isEqualTo("replace");
        assertThat(TemplateRevisions.templateOf(data)).isEqualTo(template("i:1"));
    }

    @Test
    void truncateKeepsLiveRevisionsAndTheNewestUpToTheLimit() {
        FakeCluster fake = new FakeCluster();
        DaemonSet owner = new DaemonSetBuilder().withNewMetadata().withName("d").withNamespace("ns").withUid("u1").endMetadata().build();
        for (int i = 1; i <= 5; i++) {
            fake.seed(ControllerHistory.newRevision(owner, TemplateRevisions.dataOf(template("i:" + i)), i, null, Map.of()));
        }
        ControllerHistory history = new ControllerHistory(fake, fake.cache(ControllerRevision.class));
        List<ControllerRevision> all = fake.stored(ControllerRevision.class).stream().sorted(ControllerHistory.BY_REVISION).toList();
        String live = all.getFirst().getMetadata().getName();
        history.truncate(all, Set.of(live), 2);
        assertThat(fake.stored(ControllerRevision.class)).extracting(ControllerRevision::getRevision).containsExactlyInAnyOrder(1L, 4L, 5L);
    }
}
