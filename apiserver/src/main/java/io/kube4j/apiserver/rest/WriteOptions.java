package io.kube4j.apiserver.rest;

/**
 * The query options of one write: {@code dryRun=All} (validate and answer, write nothing),
 * {@code fieldManager}, {@code fieldValidation} (Strict, Warn, Ignore) and the authenticated user.
 */
public record WriteOptions(boolean dryRun, String fieldManager, FieldValidation fieldValidation, String user) {

    /** Upstream's {@code fieldValidation} directive. */
    public enum FieldValidation { STRICT, WARN, IGNORE }

    /** A plain write: no dry run, the default manager, Warn. */
    public static final WriteOptions DEFAULT = new WriteOptions(false, "", FieldValidation.WARN, "");
}
