package io.kube4j.apiserver.serviceaccount;

/**
 * Where the objects a service-account token names are looked up: its service account, and the
 * pod, secret or node it is bound to. Immutable; thread-safe when the lookups are.
 */
public record TokenObjects(ObjectLookup serviceAccounts, ObjectLookup pods, ObjectLookup secrets, ObjectLookup nodes) {
}
