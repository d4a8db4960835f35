package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Priority admission on pod create, as fabric8 sees it: class resolution, defaults, refusals. */
class PriorityAdmissionIT extends ServerPerClass {

    private static Pod create(String ns, String name, Consumer<PodSpec> edit) {
        PodSpec spec = KindCase.podSpec("Always");
        edit.accept(spec);
        return client.pods().inNamespace(ns)
                .resource(new PodBuilder().withNewMetadata().withName(name).endMetadata().withSpec(spec).build())
                .create();
    }

    private static PriorityClass priorityClass(String name, int value, boolean globalDefault, String policy) {
        return client.resource(new PriorityClassBuilder().withNewMetadata().withName(name).endMetadata()
                .withValue(value).withGlobalDefault(globalDefault).withPreemptionPolicy(policy).build()).create();
    }

    @Test
    void systemClassesExistAtStartup() {
        assertThat(client.scheduling().v1().priorityClasses().withName("system-cluster-critical").get().getValue())
                .isEqualTo(2_000_000_000);
        assertThat(client.scheduling().v1().priorityClasses().withName("system-node-critical").get().getValue())
                .isEqualTo(2_000_001_000);
        Pod pod = create("kube-system", "critical", s -> s.setPriorityClassName("system-node-critical"));
        assertThat(pod.getSpec().getPriority()).isEqualTo(2_000_001_000);
        assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
    }

    @Test
    void noClassAndNoDefaultGivesPriorityZero() {
        String ns = Namespaces.create(client, "prio-zero");
        Pod pod = create(ns, "p", s -> { });
        assertThat(pod.getSpec().getPriority()).isZero();
        assertThat(pod.getSpec().getPriorityClassName()).isNull();
        assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
    }

    @Test
    void namedClassSetsPriorityAndPolicy() {
        String ns = Namespaces.create(client, "prio-named");
        priorityClass("never-preempts", 500, false, "Never");
        Pod pod = create(ns, "p", s -> s.setPriorityClassName("never-preempts"));
        assertThat(pod.getSpec().getPriority()).isEqualTo(500);
        assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo("Never");
        // the same value given explicitly is accepted
        Pod same = create(ns, "same", s -> {
            s.setPriorityClassName("never-preempts");
            s.setPriority(500);
        });
        assertThat(same.getSpec().getPriority()).isEqualTo(500);
    }

    @Test
    void globalDefaultAppliesWhenNoClassIsNamed() {
        String ns = Namespaces.create(client, "prio-default");
        priorityClass("cluster-default", 42, true, "PreemptLowerPriority");
        try {
            Pod pod = create(ns, "p", s -> { });
            assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("cluster-default");
            assertThat(pod.getSpec().getPriority()).isEqualTo(42);
        } finally {
            client.scheduling().v1().priorityClasses().withName("cluster-default").delete();
        }
    }

    @Test
    void unknownClassIsForbidden() {
        String ns = Namespaces.create(client, "prio-unknown");
        assertThatThrownBy(() -> create(ns, "p", s -> s.setPriorityClassName("nope")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
                    assertThat(e.getStatus().getMessage())
                            .isEqualTo("pods \"p\" is forbidden: no PriorityClass with name nope was found");
                });
    }

    @Test
    void priorityThatDisagreesWithTheClassIsForbidden() {
        String ns = Namespaces.create(client, "prio-mismatch");
        assertThatThrownBy(() -> create(ns, "p", s -> s.setPriority(7)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).isEqualTo("pods \"p\" is forbidden: the integer value of "
                            + "priority (7) must not be provided in pod spec; priority admission controller computed 0 "
                            + "from the given PriorityClass name");
                });
        priorityClass("mid", 100, false, "PreemptLowerPriority");
        assertThatThrownBy(() -> create(ns, "q", s -> {
            s.setPriorityClassName("mid");
            s.setPreemptionPolicy("Never");
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
