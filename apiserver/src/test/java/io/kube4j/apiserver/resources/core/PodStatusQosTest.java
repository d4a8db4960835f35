package io.kube4j.apiserver.resources.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.Copies;
import org.junit.jupiter.api.Test;

/** pods/status writes and the QoS class, which upstream fills back in when a writer leaves it out. */
class PodStatusQosTest {

    private static Pod created(ResourceStrategy<Pod> s) {
        Pod pod = KubeJson.yaml().readValue(CoreUpdatesTest.POD, Pod.class);
        s.prepareForCreate(pod);
        s.applyDefaults(pod);
        return pod;
    }

    @Test
    void aStatusWithoutQosKeepsTheOldOne() {
        ResourceStrategy<Pod> s = CoreStrategiesTest.strategy("Pod");
        Pod old = created(s);
        Pod write = Copies.deep(old);
        write.setStatus(new PodStatus());
        write.getStatus().setPhase("Running");
        s.prepareForStatusUpdate(write, old);
        assertThat(write.getStatus().getQosClass()).isEqualTo("Guaranteed");
        assertThat(s.validateStatusUpdate(write, old)).isEmpty();

        Pod none = Copies.deep(old);
        none.setStatus(null);
        s.prepareForStatusUpdate(none, old);
        assertThat(none.getStatus().getQosClass()).isEqualTo("Guaranteed");
    }

    @Test
    void aDifferentQosIsStillRejected() {
        ResourceStrategy<Pod> s = CoreStrategiesTest.strategy("Pod");
        Pod old = created(s);
        Pod write = Copies.deep(old);
        write.getStatus().setQosClass("BestEffort");
        s.prepareForStatusUpdate(write, old);
        assertThat(s.validateStatusUpdate(write, old)).extracting(e -> e.field()).containsExactly("status.qosClass");
    }
}
