package io.kube4j.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.BuiltinResources;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.Admission.Operation;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServiceAccountAdmissionTest {

    private static final ResourceType POD = BuiltinResources.all().stream()
            .filter(t -> t.group().isEmpty() && t.kind().equals("Pod")).findFirst().orElseThrow();
    private final Map<String, JsonNode> accounts = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final ServiceAccountAdmission admission = new ServiceAccountAdmission((ns, name) -> {
        lookups.incrementAndGet();
        return Optional.ofNullable(accounts.get(ns + "/" + name));
    }, Duration.ofMillis(1));

    ServiceAccountAdmissionTest() {
        accounts.put("ns1/default", json("{\"metadata\":{\"name\":\"default\"}}"));
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) KubeJson.json().readTree(text);
    }

    private static ObjectNode pod(String spec) {
        return json("{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns1\"},\"spec\":" + spec + "}");
    }

    @Test
    void defaultAccountAndTheProjectedVolumeInEveryContainer() {
        ObjectNode pod = pod("{\"initContainers\":[{\"name\":\"i\"}],\"containers\":[{\"name\":\"a\"},"
                + "{\"name\":\"b\",\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data\"}]}]}");
        admission.admit(POD, Operation.CREATE, pod, null, false);
        JsonNode spec = pod.path("spec");
        assertThat(spec.path("serviceAccountName").asString()).isEqualTo("default");
        assertThat(spec.path("serviceAccount").asString()).isEqualTo("default");
        assertThat(spec.path("volumes")).hasSize(1);
        JsonNode volume = spec.path("volumes").get(0);
        String name = volume.path("name").asString();
        assertThat(name).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(volume.path("projected").toString()).isEqualTo("{\"sources\":[{\"serviceAccountToken\":"
                + "{\"expirationSeconds\":3607,\"path\":\"token\"}},{\"configMap\":{\"name\":\"kube-root-ca.crt\","
                + "\"items\":[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]}},{\"downwardAPI\":{\"items\":[{\"path\":\"namespace\","
                + "\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.namespace\"}}]}}],\"defaultMode\":420}");
        String mount = "{\"name\":\"" + name + "\",\"readOnly\":true,\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}";
        assertThat(spec.path("initContainers").get(0).path("volumeMounts").toString()).isEqualTo("[" + mount + "]");
        assertThat(spec.path("containers").get(0).path("volumeMounts").toString()).isEqualTo("[" + mount + "]");
        assertThat(spec.path("containers").get(1).path("volumeMounts")).hasSize(2);
        assertThat(spec.path("containers").get(1).path("volumeMounts").get(1).toString()).isEqualTo(mount);
    }

    @Test
    void missingAccountIsForbiddenWithUpstreamsMessage() {
        ObjectNode pod = pod("{\"serviceAccountName\":\"robot\",\"containers\":[{\"name\":\"a\"}]}");
        assertThatThrownBy(() -> admission.admit(POD, Operation.CREATE, pod, null, false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
                .hasMessage("pods \"p\" is forbidden: error looking up service account ns1/robot: "
                        + "serviceaccount \"robot\" not found");
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    void defaultAccountIsWaitedForBriefly() {
        accounts.clear();
        ObjectNode pod = pod("{\"containers\":[{\"name\":\"a\"}]}");
        assertThatThrownBy(() -> admission.admit(POD, Operation.CREATE, pod, null, false))
                .hasMessageContaining("error looking up service account ns1/default");
        assertThat(lookups.get()).isEqualTo(10);
    }

    @Test
    void automountFalseOnThePodOrTheAccountSkipsTheVolume() {
        ObjectNode off = pod("{\"automountServiceAccountToken\":false,\"containers\":[{\"name\":\"a\"}]}");
        admission.admit(POD, Operation.CREATE, off, null, false);
        assertThat(off.path("spec").has("volumes")).isFalse();
        accounts.put("ns1/quiet", json("{\"metadata\":{\"name\":\"quiet\"},\"automountServiceAccountToken\":false}"));
        ObjectNode quiet = pod("{\"serviceAccountName\":\"quiet\",\"containers\":[{\"name\":\"a\"}]}");
        admission.admit(POD, Operation.CREATE, quiet, null, false);
        assertThat(quiet.path("spec").path("containers").get(0).has("volumeMounts")).isFalse();
        ObjectNode podWins = pod("{\"serviceAccountName\":\"quiet\",\"automountServiceAccountToken\":true,"
                + "\"containers\":[{\"name\":\"a\"}]}");
        admission.admit(POD, Operation.CREATE, podWins, null, false);
        assertThat(podWins.path("spec").path("volumes")).hasSize(1);
    }

    @Test
    void anExistingMountAtThePathIsKeptAndNoVolumeAddedWhenNoneNeedsIt() {
        ObjectNode pod = pod("{\"volumes\":[{\"name\":\"mine\",\"secret\":{\"secretName\":\"s\"}}],\"containers\":[{\"name\":\"a\","
                + "\"volumeMounts\":[{\"name\":\"mine\",\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}]}]}");
        admission.admit(POD, Operation.CREATE, pod, null, false);
        assertThat(pod.path("spec").path("volumes")).hasSize(1);
        assertThat(pod.path("spec").path("containers").get(0).path("volumeMounts")).hasSize(1);
    }

    @Test
    void anExistingKubeApiAccessVolumeIsReused() {
        ObjectNode pod = pod("{\"volumes\":[{\"name\":\"kube-api-access-abcde\",\"emptyDir\":{}}],\"containers\":[{\"name\":\"a\"}]}");
        admission.admit(POD, Operation.CREATE, pod, null, false);
        assertThat(pod.path("spec").path("volumes")).hasSize(1);
        assertThat(pod.path("spec").path("containers").get(0).path("volumeMounts").get(0).path("name").asString())
                .isEqualTo("kube-api-access-abcde");
    }

    @Test
    void imagePullSecretsComeFromTheAccountWhenThePodHasNone() {
        accounts.put("ns1/puller", json("{\"metadata\":{\"name\":\"puller\"},\"imagePullSecrets\":[{\"name\":\"reg\"}]}"));
        ObjectNode pod = pod("{\"serviceAccountName\":\"puller\",\"containers\":[{\"name\":\"a\"}]}");
        admission.admit(POD, Operation.CREATE, pod, null, false);
        assertThat(pod.path("spec").path("imagePullSecrets").toString()).isEqualTo("[{\"name\":\"reg\"}]");
        ObjectNode own = pod("{\"serviceAccountName\":\"puller\",\"imagePullSecrets\":[{\"name\":\"mine\"}],"
                + "\"containers\":[{\"name\":\"a\"}]}");
        admission.admit(POD, Operation.CREATE, own, null, false);
        assertThat(own.path("spec").path("imagePullSecrets").toString()).isEqualTo("[{\"name\":\"mine\"}]");
    }

    @Test
    void mirrorPodsAreLeftAloneButMayNotUseAccountsOrSecrets() {
        String mirror = "{\"metadata\":{\"name\":\"m\",\"namespace\":\"ns1\",\"annotations\":{\"kubernetes.io/config.mirror\":\"x\"}},";
        ObjectNode plain = json(mirror + "\"spec\":{\"containers\":[{\"name\":\"a\"}]}}");
        admission.admit(POD, Operation.CREATE, plain, null, false);
        assertThat(plain.path("spec").has("serviceAccountName")).isFalse();
        assertThat(plain.path("spec").has("volumes")).isFalse();
        assertThat(lookups.get()).isZero();
        assertThatThrownBy(() -> admission.admit(POD, Operation.CREATE,
                json(mirror + "\"spec\":{\"serviceAccountName\":\"default\",\"containers\":[]}}"), null, false))
                .hasMessageContaining("a mirror pod may not reference service accounts");
        assertThatThrownBy(() -> admission.admit(POD, Operation.CREATE, json(mirror + "\"spec\":{\"containers\":[{\"name\":\"a\","
                + "\"env\":[{\"name\":\"X\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"s\",\"key\":\"k\"}}}]}]}}"), null, false))
                .hasMessageContaining("a mirror pod may not reference secrets");
        assertThatThrownBy(() -> admission.admit(POD, Operation.CREATE, json(mirror + "\"spec\":{\"volumes\":[{\"name\":\"t\","
                + "\"projected\":{\"sources\":[{\"serviceAccountToken\":{\"path\":\"t\"}}]}}],\"containers\":[]}}"), null, false))
                .hasMessageContaining("a mirror pod may not use ServiceAccountToken volume projections");
    }

    @Test
    void updatesAndOtherKindsAreUntouched() {
        ObjectNode pod = pod("{\"containers\":[{\"name\":\"a\"}]}");
        admission.admit(POD, Operation.UPDATE, pod, pod.deepCopy(), false);
        assertThat(pod.path("spec").has("serviceAccountName")).isFalse();
        assertThat(lookups.get()).isZero();
    }
}
