package io.kube4j.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** maxSurge rounds up, maxUnavailable down, and both zero means one unavailable, as upstream's ResolveFenceposts. */
class RolloutMathTest {

    @ParameterizedTest(name = "{0} replicas, surge {1}, unavailable {2} -> {3}/{4}")
    @CsvSource({
            "10, 25%, 25%, 3, 2",
            "4, 25%, 25%, 1, 1",
            "1, 25%, 25%, 1, 0",
            "3, 0, 0, 0, 1",
            "3, 0%, 10%, 0, 1",
            "5, 2, 30%, 2, 1",
            "10, 100%, 100%, 10, 10",
            "0, 25%, 25%, 0, 0",
    })
    void resolvesSurgeUpAndUnavailableDown(int replicas, String surge, String unavailable, int expectSurge, int expectUnavailable) {
        Deployment d = DeploymentFixture.deployment("d", replicas, surge, unavailable, "i");
        assertThat(RolloutMath.maxSurge(d)).isEqualTo(expectSurge);
        assertThat(RolloutMath.maxUnavailable(d)).isEqualTo(expectUnavailable);
    }
}
