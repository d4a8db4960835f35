package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.kube4j.apiserver.registry.ResourceStrategy;

/**
 * Service accounts: upstream validates only their metadata (done by the generic path), with
 * DNS-1123 subdomain names. Stateless, thread-safe.
 */
public final class ServiceAccountStrategy implements ResourceStrategy<ServiceAccount> {
}
