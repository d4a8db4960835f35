package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kube4j.scheduler.plugins.PodAffinityFixtures.expr;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labelledPod;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labels;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.matchLabels;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.selector;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.term;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.withAntiAffinity;
import static org.assertj.core.api.Assertions.assertThat;

class AffinityTermsCacheTest {

    private static Pod avoiding(String uid, String app) {
        Pod p = withAntiAffinity(labelledPod("p", "default", "node1", labels()),
                List.of(term("zone", matchLabels("app", app))), List.of());
        p.getMetadata().setUid(uid);
        return p;
    }

    @Test
    void theSamePodObjectIsCompiledOnce() {
        AffinityTermsCache cache = new AffinityTermsCache();
        Pod p = avoiding("u1", "web");
        PodAffinityTerms first = cache.of(p);
        assertThat(first.requiredAntiAffinity()).hasSize(1);
        assertThat(cache.of(p)).isSameAs(first);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void anUpdatedPodObjectIsCompiledAgain() {
        AffinityTermsCache cache = new AffinityTermsCache();
        Pod p = avoiding("u1", "web");
        PodAffinityTerms first = cache.of(p);
        Pod updated = new PodBuilder(p).build();
        updated.getSpec().getAffinity().getPodAntiAffinity().setRequiredDuringSchedulingIgnoredDuringExecution(List.of());
        PodAffinityTerms second = cache.of(updated);
        assertThat(second).isNotSameAs(first);
        assertThat(second.requiredAntiAffinity()).isEmpty();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void podsWithoutUidAreNotKeptAndMalformedTermsContributeNone() {
        AffinityTermsCache cache = new AffinityTermsCache();
        Pod noUid = avoiding(null, "web");
        assertThat(cache.of(noUid).requiredAntiAffinity()).hasSize(1);
        assertThat(cache.size()).isZero();
        Pod bad = withAntiAffinity(labelledPod("bad", "default", "node1", labels()),
                List.of(term("zone", selector(expr("app", "In")))), List.of());
        bad.getMetadata().setUid("u2");
        assertThat(cache.of(bad)).isSameAs(PodAffinityTerms.NONE);
    }
}
