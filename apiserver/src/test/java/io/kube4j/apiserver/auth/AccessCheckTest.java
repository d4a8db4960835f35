package io.kube4j.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.apiserver.errors.ApiException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AccessCheckTest {

    private static final UserInfo BOB = UserInfo.of("bob", List.of("dev"));

    record Case(String name, AuthorizationAttributes attributes, String reason, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> refusals() {
        return Stream.of(
                new Case("named object", AuthorizationAttributes.resource(BOB, "get", "default", "", "v1", "pods", "",
                        "web", "/api/v1/namespaces/default/pods/web"), "",
                        "pods \"web\" is forbidden: User \"bob\" cannot get resource \"pods\" in API group \"\" in the namespace \"default\""),
                new Case("collection in a group", AuthorizationAttributes.resource(BOB, "list", "prod", "apps", "v1",
                        "deployments", "", "", "/apis/apps/v1/namespaces/prod/deployments"), "",
                        "deployments.apps is forbidden: User \"bob\" cannot list resource \"deployments\" in API group \"apps\" in the namespace \"prod\""),
                new Case("cluster scope", AuthorizationAttributes.resource(BOB, "list", "", "", "v1", "nodes", "", "",
                        "/api/v1/nodes"), "",
                        "nodes is forbidden: User \"bob\" cannot list resource \"nodes\" in API group \"\" at the cluster scope"),
                new Case("subresource with a reason", AuthorizationAttributes.resource(BOB, "create", "default", "", "v1",
                        "pods", "eviction", "web", "/api/v1/namespaces/default/pods/web/eviction"), "no RBAC policy matched",
                        "pods \"web\" is forbidden: User \"bob\" cannot create resource \"pods/eviction\" in API group \"\" in the namespace \"default\": no RBAC policy matched"),
                new Case("path", AuthorizationAttributes.nonResource(BOB, "GET", "/metrics"), "",
                        "forbidden: User \"bob\" cannot get path \"/metrics\""));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusalsAreWordedAsUpstream(Case c) {
        AccessCheck check = new AccessCheck(a -> new Decision.Deny(c.reason()));
        assertThatThrownBy(() -> check.require(c.attributes()))
                .isInstanceOfSatisfying(ApiException.Forbidden.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo(c.message());
                });
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void alwaysAllowLetsEverythingThrough(Case c) {
        assertThatCode(() -> new AccessCheck(new AlwaysAllowAuthorizer()).require(c.attributes())).doesNotThrowAnyException();
    }
}
