package io.kube4j.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.auth.UserInfo;
import io.kube4j.apiserver.json.KubeJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ServiceAccountAuthenticatorTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final TestKeys.MovableClock clock = new TestKeys.MovableClock(T0);
    private final ServiceAccountIssuer issuer = TestKeys.issuer(TestKeys.ec(), clock);
    private final TestKeys.Objects accounts = new TestKeys.Objects();
    private final TestKeys.Objects pods = new TestKeys.Objects();
    private final TestKeys.Objects secrets = new TestKeys.Objects();
    private final TestKeys.Objects nodes = new TestKeys.Objects();
    private final TokenObjects objects = new TokenObjects(accounts, pods, secrets, nodes);
    private final TokenRequests requests = new TokenRequests(issuer, objects);
    private final ServiceAccountAuthenticator authenticator = new ServiceAccountAuthenticator(issuer, () -> objects);

    ServiceAccountAuthenticatorTest() {
        accounts.put("ns1", "robot", TokenRequestsTest.object("robot", "sa-uid"));
        ObjectNode pod = TokenRequestsTest.object("pod-a", "pod-uid");
        pod.putObject("spec").put("serviceAccountName", "robot").put("nodeName", "node-1");
        pods.put("ns1", "pod-a", pod);
        nodes.put(null, "node-1", TokenRequestsTest.object("node-1", "node-uid"));
        secrets.put("ns1", "s1", TokenRequestsTest.object("s1", "secret-uid"));
    }

    private String token(String spec) {
        ObjectNode body = (ObjectNode) KubeJson.json().readTree("{\"spec\":" + spec + "}");
        return requests.create("ns1", "robot", body).path("status").path("token").asString();
    }

    private static final String POD_BOUND = "{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"pod-a\"}}";

    @Test
    void podBoundTokenNamesTheServiceAccountWithPodAndNodeExtras() {
        String token = token(POD_BOUND);
        UserInfo user = authenticator.user(token);
        assertThat(user.name()).isEqualTo("system:serviceaccount:ns1:robot");
        assertThat(user.uid()).isEqualTo("sa-uid");
        assertThat(user.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ns1");
        Map<String, List<String>> extra = user.extra();
        assertThat(extra.get("authentication.kubernetes.io/pod-name")).containsExactly("pod-a");
        assertThat(extra.get("authentication.kubernetes.io/pod-uid")).containsExactly("pod-uid");
        assertThat(extra.get("authentication.kubernetes.io/node-name")).containsExactly("node-1");
        assertThat(extra.get("authentication.kubernetes.io/node-uid")).containsExactly("node-uid");
        assertThat(extra.get("authentication.kubernetes.io/credential-id").getFirst()).startsWith("JTI=");
    }

    @Test
    void deletedOrReplacedPodInvalidatesTheToken() {
        String token = token(POD_BOUND);
        pods.remove("ns1", "pod-a");
        assertThatThrownBy(() -> authenticator.user(token)).hasMessage("service account token has been invalidated");
        ObjectNode recreated = TokenRequestsTest.object("pod-a", "new-uid");
        pods.put("ns1", "pod-a", recreated);
        assertThatThrownBy(() -> authenticator.user(token))
                .hasMessage("pod UID (new-uid) does not match service account pod ref claim (pod-uid)");
    }

    @Test
    void podBeingDeletedStaysValidForAMinute() {
        String token = token(POD_BOUND);
        ObjectNode pod = TokenRequestsTest.object("pod-a", "pod-uid");
        ((ObjectNode) pod.get("metadata")).put("deletionTimestamp", T0.toString());
        pods.put("ns1", "pod-a", pod);
        clock.advance(Duration.ofSeconds(30));
        assertThat(authenticator.user(token).name()).isEqualTo("system:serviceaccount:ns1:robot");
        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> authenticator.user(token)).hasMessage("service account token has been invalidated");
    }

    @Test
    void recreatedServiceAccountInvalidatesTheToken() {
        String token = token("{}");
        assertThat(authenticator.user(token).extra()).containsOnlyKeys("authentication.kubernetes.io/credential-id");
        accounts.put("ns1", "robot", TokenRequestsTest.object("robot", "sa-uid-2"));
        assertThatThrownBy(() -> authenticator.user(token))
                .hasMessage("service account UID (sa-uid-2) does not match claim (sa-uid)");
        accounts.remove("ns1", "robot");
        assertThatThrownBy(() -> authenticator.user(token)).hasMessage("serviceaccounts \"robot\" not found");
    }

    @Test
    void secretAndNodeBoundTokensFollowTheirObjects() {
        String secretBound = token("{\"boundObjectRef\":{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"name\":\"s1\"}}");
        String nodeBound = token("{\"boundObjectRef\":{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"name\":\"node-1\"}}");
        assertThat(authenticator.user(secretBound).name()).endsWith(":robot");
        assertThat(authenticator.user(nodeBound).extra().get("authentication.kubernetes.io/node-uid")).containsExactly("node-uid");
        secrets.remove("ns1", "s1");
        nodes.remove(null, "node-1");
        assertThatThrownBy(() -> authenticator.user(secretBound)).hasMessage("service account token has been invalidated");
        assertThatThrownBy(() -> authenticator.user(nodeBound)).hasMessage("service account token has been invalidated");
    }

    @Test
    void expiredTokenIsRefused() {
        String token = token("{\"expirationSeconds\":600}");
        clock.advance(Duration.ofMinutes(12));
        assertThatThrownBy(() -> authenticator.user(token)).hasMessage("service account token has expired");
    }

    @Test
    void beforeTheResourcesExistTokensAreRefused() {
        ServiceAccountAuthenticator early = new ServiceAccountAuthenticator(issuer, () -> null);
        assertThatThrownBy(() -> early.user(token("{}"))).isInstanceOf(TokenRejected.class);
    }
}
