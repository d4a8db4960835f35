package io.kube4j.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.json.KubeJson;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenIdMetadataTest {

    @Test
    void configurationNamesIssuerJwksUriAndAlgorithms() {
        ServiceAccountIssuer issuer = new ServiceAccountIssuer(ServiceAccountSettings.defaults(), TestKeys.ec(),
                List.of(TestKeys.rsa().getPublic()), new TestKeys.MovableClock(Instant.EPOCH));
        JsonNode doc = KubeJson.json().readTree(new OpenIdMetadata(issuer, () -> "10.0.0.5:6443").configuration());
        assertThat(doc.toString()).isEqualTo("{\"issuer\":\"https://kubernetes.default.svc.cluster.local\","
                + "\"jwks_uri\":\"https://10.0.0.5:6443/openid/v1/jwks\",\"response_types_supported\":[\"id_token\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"ES256\",\"RS256\"]}");
        ServiceAccountIssuer given = new ServiceAccountIssuer(ServiceAccountSettings.defaults()
                .withJwksUri("https://issuer.example/keys"), TestKeys.ec(), List.of(), new TestKeys.MovableClock(Instant.EPOCH));
        assertThat(KubeJson.json().readTree(new OpenIdMetadata(given, () -> "x:1").configuration())
                .path("jwks_uri").asString()).isEqualTo("https://issuer.example/keys");
    }

    @Test
    void keySetHoldsEveryPublicKeyAsAJwkThatRebuildsIt() throws Exception {
        KeyPair ec = TestKeys.ec();
        KeyPair rsa = TestKeys.rsa();
        ServiceAccountIssuer issuer = new ServiceAccountIssuer(ServiceAccountSettings.defaults(), ec,
                List.of(rsa.getPublic()), new TestKeys.MovableClock(Instant.EPOCH));
        JsonNode keys = KubeJson.json().readTree(new OpenIdMetadata(issuer, () -> "h:1").keySet()).path("keys");
        assertThat(keys).hasSize(2);
        JsonNode first = keys.get(0);
        assertThat(first.propertyNames()).containsExactly("use", "kty", "kid", "crv", "alg", "x", "y");
        assertThat(first.path("crv").asString()).isEqualTo("P-256");
        assertThat(Base64.getUrlDecoder().decode(first.path("x").asString())).hasSize(32);
        JsonNode second = keys.get(1);
        assertThat(second.propertyNames()).containsExactly("use", "kty", "kid", "alg", "n", "e");
        assertThat(second.path("e").asString()).isEqualTo("AQAB");
        PublicKey rebuilt = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(second.path("n").asString())),
                new BigInteger(1, Base64.getUrlDecoder().decode(second.path("e").asString()))));
        assertThat(((RSAPublicKey) rebuilt).getModulus()).isEqualTo(((RSAPublicKey) rsa.getPublic()).getModulus());
        assertThat(second.path("kid").asString()).isEqualTo(TokenKey.keyId(rsa.getPublic()));
    }
}
