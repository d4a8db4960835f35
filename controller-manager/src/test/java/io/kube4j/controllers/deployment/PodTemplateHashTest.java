package io.kube4j.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pod-template-hash is a pure function of the template's content and the collision count. */
class PodTemplateHashTest {

    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().build();
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void sameContentHashesTheSameWhateverTheMapOrder() {
        String a = PodTemplateHash.compute(template(labels("app", "web", "tier", "fe"), "nginx:1"), null);
        String b = PodTemplateHash.compute(template(labels("tier", "fe", "app", "web"), "nginx:1"), null);
        assertThat(a).isEqualTo(b).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
    }

    @Test
    void pinnedValueStaysTheSameAcrossReleases() {
        // A ReplicaSet's name carries its hash: a changed function would orphan every existing ReplicaSet.
        assertThat(PodTemplateHash.compute(template(labels("app", "web"), "nginx:1"), null)).isEqualTo(PINNED);
    }

    @Test
    void templateChangesAndCollisionCountsChangeTheHash() {
        PodTemplateSpec t = template(labels("app", "web"), "nginx:1");
        String base = PodTemplateHash.compute(t, null);
        assertThat(PodTemplateHash.compute(template(labels("app", "web"), "nginx:2"), null)).isNotEqualTo(base);
        assertThat(PodTemplateHash.compute(t, 1)).isNotEqualTo(base).isNotEqualTo(PodTemplateHash.compute(t, 2));
        assertThat(PodTemplateHash.compute(t, 0)).isNotEqualTo(base);
    }

    @Test
    void equalityIgnoresOnlyTheHashLabel() {
        PodTemplateSpec plain = template(labels("app", "web"), "nginx:1");
        PodTemplateSpec hashed = template(labels("app", "web", "pod-template-hash", "abc"), "nginx:1");
        assertThat(PodTemplateHash.equalIgnoringHash(plain, hashed)).isTrue();
        assertThat(PodTemplateHash.equalIgnoringHash(plain, template(labels("app", "web", "x", "y"), "nginx:1"))).isFalse();
        assertThat(PodTemplateHash.equalIgnoringHash(plain, template(labels("app", "web"), "nginx:2"))).isFalse();
        // kubectl rollout undo sends "resources": {}; an empty value equals an absent one, as for upstream's Go structs.
        PodTemplateSpec withEmpty = template(labels("app", "web"), "nginx:1");
        withEmpty.getSpec().getContainers().getFirst().setResources(new io.fabric8.kubernetes.api.model.ResourceRequirements());
        withEmpty.getMetadata().setAnnotations(new java.util.HashMap<>());
        assertThat(PodTemplateHash.equalIgnoringHash(plain, withEmpty)).isTrue();
        assertThat(PodTemplateHash.compute(withEmpty, null)).isEqualTo(PodTemplateHash.compute(plain, null));
    }

    private static final String PINNED = "79bfd649dc";
}
