package io.kube4j.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.json.KubeJson;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServiceAccountIssuerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final TestKeys.MovableClock clock = new TestKeys.MovableClock(T0);
    private final KeyPair key = TestKeys.ec();
    private final ServiceAccountIssuer issuer = TestKeys.issuer(key, clock);

    private TokenClaims claims(List<String> audiences, Duration lifetime) {
        return new TokenClaims(ServiceAccountSettings.DEFAULT_ISSUER, "system:serviceaccount:ns1:robot", audiences,
                T0, T0, T0.plus(lifetime), "jti-1", "ns1", new TokenClaims.ObjectRef("robot", "sa-uid"),
                new TokenClaims.ObjectRef("pod-a", "pod-uid"), null, new TokenClaims.ObjectRef("node-1", "node-uid"), null);
    }

    private static JsonNode part(String token, int i) {
        return KubeJson.json().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[i]));
    }

    @Test
    void signsAnEs256JwtWithUpstreamHeaderAndClaims() throws Exception {
        String token = issuer.sign(claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofHours(1)));
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(token).doesNotContain("=");
        JsonNode header = part(token, 0);
        String expectedKid = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getPublic().getEncoded()));
        assertThat(header.toString()).isEqualTo("{\"alg\":\"ES256\",\"kid\":\"" + expectedKid + "\"}");
        JsonNode c = part(token, 1);
        assertThat(c.propertyNames()).containsExactly("aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub");
        assertThat(c.path("aud").get(0).asString()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(c.path("exp").asLong()).isEqualTo(T0.getEpochSecond() + 3600);
        assertThat(c.path("iat").asLong()).isEqualTo(T0.getEpochSecond());
        assertThat(c.path("sub").asString()).isEqualTo("system:serviceaccount:ns1:robot");
        JsonNode k = c.path("kubernetes.io");
        assertThat(k.path("namespace").asString()).isEqualTo("ns1");
        assertThat(k.path("serviceaccount").path("uid").asString()).isEqualTo("sa-uid");
        assertThat(k.path("pod").path("name").asString()).isEqualTo("pod-a");
        assertThat(k.path("node").path("uid").asString()).isEqualTo("node-uid");
        assertThat(c.path("kubernetes.io").has("warnafter")).isFalse();
    }

    @Test
    void verifiesItsOwnTokensWithRsaToo() {
        ServiceAccountIssuer rsa = TestKeys.issuer(TestKeys.rsa(), clock);
        String token = rsa.sign(claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofHours(1)));
        assertThat(part(token, 0).path("alg").asString()).isEqualTo("RS256");
        TokenClaims read = rsa.verify(token);
        assertThat(read.pod().uid()).isEqualTo("pod-uid");
        assertThat(read.id()).isEqualTo("jti-1");
        assertThat(read.expiry()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void expiryAndNotBeforeHaveAMinuteOfLeeway() {
        String token = issuer.sign(claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(10).plusSeconds(59));
        assertThat(issuer.verify(token).subject()).isEqualTo("system:serviceaccount:ns1:robot");
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> issuer.verify(token)).isInstanceOf(TokenRejected.class)
                .hasMessage("service account token has expired");
    }

    @Test
    void tokenFromTheFutureIsRefused() {
        clock.advance(Duration.ofMinutes(-2));
        String token = issuer.sign(claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(2));
        ObjectNode c = claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofHours(1)).toJson();
        c.put("nbf", T0.plusSeconds(120).getEpochSecond());
        assertThatThrownBy(() -> issuer.verify(issuer.sign(c))).hasMessage("service account token is not valid yet");
        assertThat(issuer.verify(token).issuer()).isEqualTo(ServiceAccountSettings.DEFAULT_ISSUER);
    }

    @Test
    void wrongAudienceIsRefused() {
        String token = issuer.sign(claims(List.of("vault", "other"), Duration.ofHours(1)));
        assertThatThrownBy(() -> issuer.verify(token)).isInstanceOf(TokenRejected.class)
                .hasMessageContaining("token audiences [vault, other] is invalid");
        String mixed = issuer.sign(claims(List.of("vault", ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofHours(1)));
        assertThat(issuer.verify(mixed).audiences()).contains("vault");
    }

    @Test
    void wrongIssuerIsNotOursAndRefused() {
        ObjectNode c = claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofHours(1)).toJson();
        c.put("iss", "https://elsewhere.example");
        String token = issuer.sign(c);
        assertThat(issuer.isOurs(token)).isFalse();
        assertThatThrownBy(() -> issuer.verify(token)).hasMessage("token issuer \"https://elsewhere.example\" is invalid");
        assertThat(issuer.isOurs("not-a-jwt")).isFalse();
        assertThat(issuer.isOurs(issuer.sign(claims(List.of("x"), Duration.ofHours(1))))).isTrue();
    }

    @Test
    void signatureOfAnotherKeyOrTamperedClaimsIsRefused() {
        ServiceAccountIssuer other = TestKeys.issuer(TestKeys.ec(), clock);
        String foreign = other.sign(claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofHours(1)));
        assertThat(issuer.isOurs(foreign)).isTrue();
        assertThatThrownBy(() -> issuer.verify(foreign)).hasMessage("invalid signature, no keys found");

        String token = issuer.sign(claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofHours(1)));
        String[] parts = token.split("\\.");
        ObjectNode c = (ObjectNode) part(token, 1);
        c.put("sub", "system:serviceaccount:kube-system:admin");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(c.toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThatThrownBy(() -> issuer.verify(tampered)).isInstanceOf(TokenRejected.class);
        String flipped = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "B" : "A") + token.charAt(token.length() - 1);
        assertThatThrownBy(() -> issuer.verify(flipped)).isInstanceOf(TokenRejected.class);
    }

    @Test
    void algNoneAndMismatchedAlgAreRefused() {
        String token = issuer.sign(claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofHours(1)));
        String[] parts = token.split("\\.");
        String kid = part(token, 0).path("kid").asString();
        for (String alg : List.of("none", "RS256", "HS256")) {
            String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> issuer.verify(header + "." + parts[1] + "." + parts[2]))
                    .as(alg).isInstanceOf(TokenRejected.class);
            assertThatThrownBy(() -> issuer.verify(header + "." + parts[1] + "."))
                    .as(alg + " unsigned").isInstanceOf(TokenRejected.class);
        }
    }

    @Test
    void extraVerificationKeysAcceptTokensOfARetiredKey() {
        KeyPair retired = TestKeys.rsa();
        String old = TestKeys.issuer(retired, clock).sign(claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER),
                Duration.ofHours(1)));
        ServiceAccountIssuer rotated = new ServiceAccountIssuer(ServiceAccountSettings.defaults(), key,
                List.of(retired.getPublic(), key.getPublic()), clock);
        assertThat(rotated.keys()).hasSize(2);
        assertThat(rotated.keys().getFirst().publicKey()).isEqualTo(key.getPublic());
        assertThat(rotated.verify(old).namespace()).isEqualTo("ns1");
    }

    @Test
    void aTokenVerifiedOnceIsStillCheckedForTimeAndNeverTurnsAForgeryValid() {
        String token = issuer.sign(claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofMinutes(10)));
        assertThat(issuer.verify(token)).isEqualTo(issuer.verify(token));
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        assertThatThrownBy(() -> issuer.verify(forged)).isInstanceOf(TokenRejected.class);
        assertThatThrownBy(() -> issuer.verify(forged)).isInstanceOf(TokenRejected.class);
        clock.advance(Duration.ofMinutes(12));
        assertThatThrownBy(() -> issuer.verify(token)).hasMessage("service account token has expired");
    }

    @Test
    void missingPrivateClaimsAreRefused() {
        ObjectNode c = claims(List.of(ServiceAccountSettings.DEFAULT_ISSUER), Duration.ofHours(1)).toJson();
        c.remove("kubernetes.io");
        assertThatThrownBy(() -> issuer.verify(issuer.sign(c))).hasMessageContaining("kubernetes.io");
    }
}
