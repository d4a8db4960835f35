package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.kube4j.scheduler.plugins.NamespaceLabels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterListersTest {

    private static final Map<String, String> WEB = Map.of("app", "web");

    private static Service service(String name, String ns, Map<String, String> selector) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withSelector(selector).endSpec().build();
    }

    private static Pod pod(Map<String, String> labels, String ownerApi, String ownerKind, String ownerName) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withLabels(labels)
                .endMetadata();
        if (ownerKind != null) {
            b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(ownerApi)
                    .withKind(ownerKind).withName(ownerName).withUid("u").withController(true).build()).endMetadata();
        }
        return b.build();
    }

    private static final ReplicaSet RS = new ReplicaSetBuilder().withNewMetadata().withName("rs").withNamespace("default")
            .endMetadata().withNewSpec().withSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("rs", "1")).build())
            .endSpec().build();
    private static final StatefulSet SS = new StatefulSetBuilder().withNewMetadata().withName("ss").withNamespace("default")
            .endMetadata().withNewSpec().withSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("ss", "1")).build())
            .endSpec().build();
    private static final ReplicationController RC = new ReplicationControllerBuilder().withNewMetadata().withName("rc")
            .withNamespace("default").endMetadata().withNewSpec().withSelector(Map.of("rc", "1")).endSpec().build();

    private static final ClusterListers LISTERS = ClusterListers.of(
            List.of(service("web", "default", WEB), service("web-elsewhere", "other", WEB),
                    service("db", "default", Map.of("app", "db")), service("headless", "default", Map.of())),
            List.of(RC), List.of(RS), List.of(SS),
            List.of(new NamespaceBuilder().withNewMetadata().withName("team").addToLabels("tier", "gold").endMetadata().build()),
            List.of(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").withNamespace("default")
                    .endMetadata().build()),
            List.of(new PersistentVolumeBuilder().withNewMetadata().withName("pv1").endMetadata().build()),
            List.of(new StorageClassBuilder().withNewMetadata().withName("local").endMetadata().build()));

    record Case(String name, Pod pod, List<Map<String, String>> wantMatchLabels) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no service, no owner", pod(Map.of("app", "none"), null, null, null), List.of()),
                new Case("a selecting service in the pod's namespace", pod(WEB, null, null, null), List.of(WEB)),
                new Case("service plus ReplicaSet owner", pod(Map.of("app", "web", "rs", "1"), "apps/v1", "ReplicaSet", "rs"),
                        List.of(WEB, Map.of("rs", "1"))),
                new Case("StatefulSet owner", pod(Map.of("ss", "1"), "apps/v1", "StatefulSet", "ss"), List.of(Map.of("ss", "1"))),
                new Case("ReplicationController owner", pod(Map.of("rc", "1"), "v1", "ReplicationController", "rc"),
                        List.of(Map.of("rc", "1"))),
                new Case("unknown owner name", pod(Map.of(), "apps/v1", "ReplicaSet", "missing"), List.of()),
                new Case("owner of another kind", pod(Map.of(), "batch/v1", "Job", "rs"), List.of()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void spreadOwnersAsDefaultSelector(Case c) {
        List<LabelSelector> got = LISTERS.selectorsFor(c.pod());
        assertThat(got).extracting(LabelSelector::getMatchLabels).containsExactlyInAnyOrderElementsOf(c.wantMatchLabels());
    }

    @Test
    void namespaceLabelsCarryTheNameLabelAndUnknownNamespacesAreNull() {
        assertThat(LISTERS.labelsOf("team")).isEqualTo(Map.of("tier", "gold", NamespaceLabels.NAME_LABEL, "team"));
        assertThat(LISTERS.labelsOf("nope")).isNull();
    }

    @Test
    void volumeListersLookUpByKey() {
        assertThat(LISTERS.claim("default", "data")).isNotNull();
        assertThat(LISTERS.claim("other", "data")).isNull();
        assertThat(LISTERS.volume("pv1")).isNotNull();
        assertThat(LISTERS.volumes()).hasSize(1);
        assertThat(LISTERS.storageClass("local")).isNotNull();
        assertThat(LISTERS.storageClass("fast")).isNull();
    }
}
