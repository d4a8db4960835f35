package io.kube4j.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

    private static final AuthorizationAttributes GET_POD = AuthorizationAttributes.resource(
            UserInfo.of("alice", List.of()), "get", "default", "", "v1", "pods", null, "web", "/api/v1/namespaces/default/pods/web");

    @Test
    void alwaysAllowAllowsEverything() {
        assertThat(new AlwaysAllowAuthorizer().authorize(GET_POD).allowed()).isTrue();
        assertThat(new AlwaysAllowAuthorizer().authorize(
                AuthorizationAttributes.nonResource(UserInfo.anonymous(), "GET", "/metrics"))).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void chainTakesTheFirstOpinion() {
        Authorizer none = a -> new Decision.NoOpinion("not mine");
        Authorizer deny = a -> new Decision.Deny("no");
        assertThat(new AuthorizerChain(List.of(none, deny, new AlwaysAllowAuthorizer())).authorize(GET_POD))
                .isEqualTo(new Decision.Deny("no"));
        assertThat(new AuthorizerChain(List.of(none, new AlwaysAllowAuthorizer(), deny)).authorize(GET_POD).allowed())
                .isTrue();
        assertThat(new AuthorizerChain(List.of(none, a -> new Decision.NoOpinion(""), none)).authorize(GET_POD))
                .isEqualTo(new Decision.NoOpinion("not mine\nnot mine"));
    }

    @Test
    void attributesNormaliseAbsentPartsAndKnowReadOnlyVerbs() {
        assertThat(GET_POD.subresource()).isEmpty();
        assertThat(GET_POD.resourceRequest()).isTrue();
        assertThat(GET_POD.readOnly()).isTrue();
        AuthorizationAttributes post = AuthorizationAttributes.nonResource(UserInfo.anonymous(), "POST", "/x");
        assertThat(post.verb()).isEqualTo("post");
        assertThat(post.readOnly()).isFalse();
        assertThat(post.resourceRequest()).isFalse();
        assertThat(post.namespace()).isEmpty();
    }
}
