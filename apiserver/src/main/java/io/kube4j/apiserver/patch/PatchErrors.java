package io.kube4j.apiserver.patch;

import io.kube4j.apiserver.errors.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The errors a patch fails with, coded as kube-apiserver codes them: a document that does not
 * decode is 400 BadRequest; a JSON patch that decodes but does not apply is 422 Invalid with
 * upstream's fixed generic message (the operation's own error is not returned to the client,
 * which is upstream's behaviour); strategic merge patch format errors are 400, its
 * {@code retainKeys}/list-of-lists content errors 422, anything else 500.
 */
final class PatchErrors {

    private static final Logger LOG = LoggerFactory.getLogger(PatchErrors.class);

    /** Upstream's message for a 422 built without a resource (NewGenericServerResponse). */
    static final String GENERIC_INVALID = "the server rejected our request due to an error in our request";

    private PatchErrors() {
    }

    /** The patch document is not what its content type says. */
    static ApiException badRequest(String message) {
        return new ApiException.BadRequest(message);
    }

    /** A well-formed patch that cannot be applied to this object. */
    static ApiException notApplicable(String why) {
        // Upstream hides the reason from the client; keep it for whoever debugs the server.
        LOG.debug("patch does not apply: {}", why);
        return new ApiException.Invalid(GENERIC_INVALID);
    }

    /** A strategic merge patch whose content contradicts itself: upstream's generic 422. */
    static ApiException notApplicableAs422(String why) {
        return notApplicable(why);
    }

    /** An error upstream does not classify, which its handler turns into a 500. */
    static ApiException internal(String message) {
        return new ApiException.InternalError(message);
    }
}
