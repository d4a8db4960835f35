package io.kube4j.apiserver.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * Asks authorizers in order, as upstream's union authorizer: the first {@code Allow} or
 * {@code Deny} is the answer; when all have no opinion the answer is {@code NoOpinion} with their
 * non-empty reasons joined by newlines (callers treat it as a denial). Immutable; thread-safe
 * when its authorizers are.
 */
public final class AuthorizerChain implements Authorizer {

    private final List<Authorizer> authorizers;

    public AuthorizerChain(List<Authorizer> authorizers) {
        this.authorizers = List.copyOf(authorizers);
    }

    @Override
    public Decision authorize(AuthorizationAttributes attributes) {
        List<String> reasons = new ArrayList<>();
        for (Authorizer authorizer : authorizers) {
            Decision decision = authorizer.authorize(attributes);
            if (!(decision instanceof Decision.NoOpinion)) {
                return decision;
            }
            if (!decision.reason().isEmpty()) {
                reasons.add(decision.reason());
            }
        }
        return new Decision.NoOpinion(String.join("\n", reasons));
    }
}
