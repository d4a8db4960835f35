package io.kube4j.apiserver.rest;

/**
 * What a DELETE asks for ({@code DeleteOptions} from the body or query): propagation policy,
 * grace period (null = the object's default), preconditions on uid and resourceVersion, and dry run.
 */
public record DeleteOptionsValues(Propagation propagation, Long gracePeriodSeconds, String preconditionUid,
        String preconditionResourceVersion, boolean dryRun) {

    /** {@code propagationPolicy}. */
    public enum Propagation { BACKGROUND, FOREGROUND, ORPHAN }

    public static final DeleteOptionsValues DEFAULT =
            new DeleteOptionsValues(Propagation.BACKGROUND, null, null, null, false);
}
