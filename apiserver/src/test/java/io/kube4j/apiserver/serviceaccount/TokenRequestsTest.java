package io.kube4j.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class TokenRequestsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final TestKeys.MovableClock clock = new TestKeys.MovableClock(T0);
    private final ServiceAccountIssuer issuer = TestKeys.issuer(TestKeys.ec(), clock);
    private final TestKeys.Objects accounts = new TestKeys.Objects();
    private final TestKeys.Objects pods = new TestKeys.Objects();
    private final TestKeys.Objects secrets = new TestKeys.Objects();
    private final TestKeys.Objects nodes = new TestKeys.Objects();
    private final TokenRequests requests = new TokenRequests(issuer, new TokenObjects(accounts, pods, secrets, nodes));

    TokenRequestsTest() {
        accounts.put("ns1", "robot", object("robot", "sa-uid"));
        ObjectNode pod = object("pod-a", "pod-uid");
        pod.putObject("spec").put("serviceAccountName", "robot").put("nodeName", "node-1");
        pods.put("ns1", "pod-a", pod);
        ObjectNode other = object("pod-b", "pod-b-uid");
        other.putObject("spec").put("serviceAccountName", "default");
        pods.put("ns1", "pod-b", other);
        nodes.put(null, "node-1", object("node-1", "node-uid"));
        secrets.put("ns1", "s1", object("s1", "secret-uid"));
    }

    static ObjectNode object(String name, String uid) {
        ObjectNode o = KubeJson.json().createObjectNode();
        o.putObject("metadata").put("name", name).put("uid", uid);
        return o;
    }

    private static ObjectNode request(String spec) {
        return (ObjectNode) KubeJson.json().readTree("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\","
                + "\"spec\":" + spec + "}");
    }

    @Test
    void defaultsAudiencesAndExpirationAndFillsStatus() {
        ObjectNode out = requests.create("ns1", "robot", request("{}"));
        assertThat(out.path("kind").asString()).isEqualTo("TokenRequest");
        assertThat(out.path("metadata").path("name").asString()).isEqualTo("robot");
        assertThat(out.path("metadata").path("namespace").asString()).isEqualTo("ns1");
        assertThat(out.path("metadata").path("uid").asString()).isEqualTo("sa-uid");
        assertThat(out.path("spec").path("audiences").get(0).asString()).isEqualTo(ServiceAccountSettings.DEFAULT_ISSUER);
        assertThat(out.path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);
        assertThat(out.path("status").path("expirationTimestamp").asString()).isEqualTo("2026-03-01T11:00:00Z");
        TokenClaims claims = issuer.verify(out.path("status").path("token").asString());
        assertThat(claims.subject()).isEqualTo("system:serviceaccount:ns1:robot");
        assertThat(claims.expiry()).isEqualTo(T0.plusSeconds(3600));
        assertThat(claims.pod()).isNull();
        assertThat(claims.id()).hasSize(36);
        assertThat(claims.warnAfter()).isNull();
    }

    @Test
    void tooShortOrTooLongIsInvalid() {
        assertThatThrownBy(() -> requests.create("ns1", "robot", request("{\"expirationSeconds\":599}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
                .hasMessage("TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 599: "
                        + "may not specify a duration less than 10 minutes");
        assertThatThrownBy(() -> requests.create("ns1", "robot", request("{\"expirationSeconds\":4294967297}")))
                .hasMessageContaining("may not specify a duration larger than 2^32 seconds");
        assertThat(requests.create("ns1", "robot", request("{\"expirationSeconds\":600}"))
                .path("spec").path("expirationSeconds").asLong()).isEqualTo(600);
    }

    @Test
    void missingServiceAccountIs404() {
        assertThatThrownBy(() -> requests.create("ns1", "ghost", request("{}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404))
                .hasMessage("serviceaccounts \"ghost\" not found");
    }

    @Test
    void bindsToAPodWithItsNodeAndExtendsTheKubeletsExpiration() {
        ObjectNode out = requests.create("ns1", "robot", request("{\"expirationSeconds\":3607,"
                + "\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"pod-a\",\"uid\":\"pod-uid\"}}"));
        TokenClaims claims = issuer.verify(out.path("status").path("token").asString());
        assertThat(claims.pod()).isEqualTo(new TokenClaims.ObjectRef("pod-a", "pod-uid"));
        assertThat(claims.node()).isEqualTo(new TokenClaims.ObjectRef("node-1", "node-uid"));
        assertThat(claims.warnAfter()).isEqualTo(T0.plusSeconds(3607));
        assertThat(claims.expiry()).isEqualTo(T0.plus(Duration.ofDays(365)));
        assertThat(out.path("status").path("expirationTimestamp").asString()).isEqualTo("2026-03-01T11:00:07Z");
    }

    @Test
    void otherAudiencesOrDurationsAreNotExtended() {
        ObjectNode out = requests.create("ns1", "robot", request("{\"expirationSeconds\":3607,\"audiences\":[\"vault\"],"
                + "\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"pod-a\"}}"));
        ObjectNode c = (ObjectNode) KubeJson.json().readTree(java.util.Base64.getUrlDecoder()
                .decode(out.path("status").path("token").asString().split("\\.")[1]));
        assertThat(c.path("exp").asLong()).isEqualTo(T0.getEpochSecond() + 3607);
        assertThat(c.path("aud").get(0).asString()).isEqualTo("vault");
    }

    @Test
    void podOfAnotherServiceAccountIs400AndUidMismatchIs409() {
        assertThatThrownBy(() -> requests.create("ns1", "robot", request(
                "{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"pod-b\"}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessage("cannot bind token for serviceaccount \"robot\" to pod running with different serviceaccount name.");
        assertThatThrownBy(() -> requests.create("ns1", "robot", request(
                "{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"pod-a\",\"uid\":\"stale\"}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409))
                .hasMessageContaining("the UID in the bound object reference (stale) does not match the UID in record");
        assertThatThrownBy(() -> requests.create("ns1", "robot", request(
                "{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"gone\"}}")))
                .hasMessage("pods \"gone\" not found");
    }

    @Test
    void bindsToSecretsAndNodesButNotOtherKinds() {
        TokenClaims secret = issuer.verify(requests.create("ns1", "robot", request(
                "{\"boundObjectRef\":{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"name\":\"s1\"}}"))
                .path("status").path("token").asString());
        assertThat(secret.secret().uid()).isEqualTo("secret-uid");
        TokenClaims node = issuer.verify(requests.create("ns1", "robot", request(
                "{\"boundObjectRef\":{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"name\":\"node-1\"}}"))
                .path("status").path("token").asString());
        assertThat(node.node().uid()).isEqualTo("node-uid");
        assertThat(node.pod()).isNull();
        assertThatThrownBy(() -> requests.create("ns1", "robot", request(
                "{\"boundObjectRef\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"name\":\"c\"}}")))
                .hasMessage("cannot bind token to object of type /v1, Kind=ConfigMap");
    }

    @Test
    void nameInTheBodyMustMatch() {
        ObjectNode body = request("{}");
        body.putObject("metadata").put("name", "other");
        assertThatThrownBy(() -> requests.create("ns1", "robot", body))
                .hasMessageContaining("metadata.name: Invalid value: \"other\": must match the service account name if specified");
    }

    @Test
    void maxExpirationShortensRequests() {
        ServiceAccountIssuer capped = new ServiceAccountIssuer(ServiceAccountSettings.defaults()
                .withExpiration(Duration.ofHours(2), true), TestKeys.ec(), List.of(), clock);
        ObjectNode out = new TokenRequests(capped, new TokenObjects(accounts, pods, secrets, nodes))
                .create("ns1", "robot", request("{\"expirationSeconds\":86400}"));
        assertThat(out.path("spec").path("expirationSeconds").asLong()).isEqualTo(7200);
        assertThat(capped.verify(out.path("status").path("token").asString()).expiry()).isEqualTo(T0.plusSeconds(7200));
    }
}
