package io.kube4j.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AuthenticatorChainTest {

    private static final Authenticator NONE = r -> Optional.empty();
    private static final Authenticator REJECTS = r -> {
        throw new ApiException.Unauthorized();
    };

    private static Authenticator names(String user, String... groups) {
        return r -> Optional.of(UserInfo.of(user, List.of(groups)));
    }

    record Case(String name, List<Authenticator> chain, UserInfo expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> outcomes() {
        return Stream.of(
                new Case("no authenticators", List.of(), UserInfo.anonymous()),
                new Case("no credentials anywhere", List.of(NONE, NONE), UserInfo.anonymous()),
                new Case("first match wins", List.of(NONE, names("a", "g"), names("b")),
                        UserInfo.of("a", List.of("g", "system:authenticated"))),
                new Case("a rejection does not stop a later match", List.of(REJECTS, names("b")),
                        UserInfo.of("b", List.of("system:authenticated"))),
                new Case("authenticated group is not doubled",
                        List.of(names("c", "system:authenticated", "x")),
                        UserInfo.of("c", List.of("system:authenticated", "x"))),
                new Case("an authenticator may call a user unauthenticated",
                        List.of(names("d", "system:unauthenticated")),
                        UserInfo.of("d", List.of("system:unauthenticated"))));
    }

    @ParameterizedTest
    @MethodSource
    void outcomes(Case c) {
        assertThat(new AuthenticatorChain(c.chain()).authenticate(null)).isEqualTo(c.expected());
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void rejectedCredentialsWithoutAnyMatchAre401(List<Authenticator> chain) {
        assertThatThrownBy(() -> new AuthenticatorChain(chain).authenticate(null))
                .isInstanceOfSatisfying(ApiException.Unauthorized.class, e -> assertThat(e.code()).isEqualTo(401));
    }

    static Stream<List<Authenticator>> rejections() {
        return Stream.of(List.of(REJECTS), List.of(NONE, REJECTS), List.of(REJECTS, NONE));
    }

    @ParameterizedTest
    @CsvSource({
        "/healthz, true", "/livez, true", "/readyz, true", "/version, true", "/version/, true",
        "/healthz/etcd, true", "/readyz/poststarthook/start-informers, true", "/livez/ping, true",
        "/healthzz, false", "/api, false", "/, false", "/apis/apps/v1, false", "/metrics, false",
        "/version/extra, false", "/healthz/../api, false", "/healthz/./x, false", "/healthz/.., false",
        "//healthz, false", "/openapi/v2, false", "'', false"
    })
    void publicPaths(String path, boolean isPublic) {
        assertThat(AuthenticatorChain.isPublicPath(path)).isEqualTo(isPublic);
    }
}
