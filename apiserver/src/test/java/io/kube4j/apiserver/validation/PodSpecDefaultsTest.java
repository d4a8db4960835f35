package io.kube4j.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.kube4j.apiserver.json.KubeJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodSpecDefaultsTest {

    private static PodSpec spec(String yaml) {
        return KubeJson.yaml().readValue(yaml, PodSpec.class);
    }

    @Test
    void emptyishPodGetsUpstreamDefaultsIdempotently() {
        PodSpec s = spec("""
                containers:
                - name: c
                  image: nginx
                  ports: [{containerPort: 80}]
                  resources: {limits: {cpu: 500m}}
                  livenessProbe: {httpGet: {port: 80}}
                  env: [{name: N, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
                volumes:
                - name: v
                - name: s
                  secret: {secretName: x}
                """);
        PodSpecDefaults.apply(s);
        PodSpecDefaults.applyPodOnly(s);
        assertThat(s.getRestartPolicy()).isEqualTo("Always");
        assertThat(s.getDnsPolicy()).isEqualTo("ClusterFirst");
        assertThat(s.getSchedulerName()).isEqualTo("default-scheduler");
        assertThat(s.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(s.getSecurityContext()).isNotNull();
        assertThat(s.getEnableServiceLinks()).isTrue();
        var c = s.getContainers().get(0);
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(c.getPorts().get(0).getProtocol()).isEqualTo("TCP");
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(c.getLivenessProbe().getPeriodSeconds()).isEqualTo(10);
        assertThat(c.getLivenessProbe().getTimeoutSeconds()).isEqualTo(1);
        assertThat(c.getLivenessProbe().getFailureThreshold()).isEqualTo(3);
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/");
        assertThat(c.getLivenessProbe().getHttpGet().getScheme()).isEqualTo("HTTP");
        assertThat(c.getEnv().get(0).getValueFrom().getFieldRef().getApiVersion()).isEqualTo("v1");
        assertThat(s.getVolumes().get(0).getEmptyDir()).isNotNull();
        assertThat(s.getVolumes().get(1).getSecret().getDefaultMode()).isEqualTo(0644);

        PodSpec again = Copies.deep(s);
        PodSpecDefaults.apply(again);
        PodSpecDefaults.applyPodOnly(again);
        assertThat(again).isEqualTo(s);
    }

    @ParameterizedTest
    @CsvSource({"nginx,Always", "nginx:latest,Always", "nginx:1.25,IfNotPresent",
            "localhost:5000/app,Always", "localhost:5000/app:v1,IfNotPresent", "nginx@sha256:abc,IfNotPresent"})
    void pullPolicyFollowsTheTag(String image, String expected) {
        assertThat(PodSpecDefaults.pullPolicyFor(image)).isEqualTo(expected);
    }

    @Test
    void templatesDoNotGetPodOnlyDefaults() {
        PodSpec s = spec("containers: [{name: c, image: nginx:1, resources: {limits: {cpu: '1'}}}]");
        PodSpecDefaults.apply(s);
        assertThat(s.getEnableServiceLinks()).isNull();
        assertThat(s.getContainers().get(0).getResources().getRequests()).isNullOrEmpty();
    }
}
