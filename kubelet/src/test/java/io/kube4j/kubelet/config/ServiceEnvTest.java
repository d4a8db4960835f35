package io.kube4j.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceEnvTest {

    private static Service svc(String ns, String name, String ip, int port) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withClusterIP(ip).addNewPort().withPort(port).endPort().endSpec().build();
    }

    @Test
    void masterServiceWinsInDefaultAndALocalOneElsewhere() {
        MapObjectSource source = new MapObjectSource().put(svc("default", "kubernetes", "10.96.0.1", 443))
                .put(svc("default", "web", "10.96.0.2", 80)).put(svc("team", "kubernetes", "10.96.9.9", 8443));
        assertThat(ServiceEnv.forPod(source, "default", true)).containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1")
                .containsEntry("WEB_SERVICE_HOST", "10.96.0.2");
        assertThat(ServiceEnv.forPod(source, "team", true)).containsEntry("KUBERNETES_SERVICE_HOST", "10.96.9.9")
                .doesNotContainKey("WEB_SERVICE_HOST");
        assertThat(ServiceEnv.forPod(source, "team", false)).containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    }

    @Test
    void ipv6AddressesAreBracketedInLinks() {
        var env = ServiceEnv.fromServices(List.of(svc("x", "my-svc", "fd00::10", 80)));
        assertThat(env).containsEntry("MY_SVC_SERVICE_HOST", "fd00::10").containsEntry("MY_SVC_PORT", "tcp://[fd00::10]:80")
                .containsEntry("MY_SVC_PORT_80_TCP_ADDR", "fd00::10");
    }
}
