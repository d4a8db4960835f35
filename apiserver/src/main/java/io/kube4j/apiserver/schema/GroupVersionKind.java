package io.kube4j.apiserver.schema;

/**
 * A group, version and kind, as {@code x-kubernetes-group-version-kind} names them; the core group
 * is the empty string. Immutable.
 */
public record GroupVersionKind(String group, String version, String kind) {
}
