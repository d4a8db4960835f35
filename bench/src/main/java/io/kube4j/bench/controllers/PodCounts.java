package io.kube4j.bench.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kube4j.controllers.machinery.Pods;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The benchmark's view of its pods: an informer on one namespace, counted on demand (created,
 * bound, ready), and waits on those counts, polled every 100 ms from the informer's cache (no API
 * load). Owns the informer; thread-safe.
 */
final class PodCounts implements AutoCloseable {

    private final SharedIndexInformer<Pod> informer;

    PodCounts(KubernetesClient client, String namespace) {
        this.informer = client.pods().inNamespace(namespace).inform();
    }

    long count(Predicate<Pod> p) {
        return informer.getStore().list().stream().filter(p).count();
    }

    long live() {
        return count(pod -> pod.getMetadata().getDeletionTimestamp() == null);
    }

    long bound() {
        return count(pod -> pod.getMetadata().getDeletionTimestamp() == null && Pods.assigned(pod));
    }

    long ready() {
        return count(pod -> pod.getMetadata().getDeletionTimestamp() == null && Pods.ready(pod));
    }

    /** Waits until {@code condition} holds; returns the time waited since {@code startNanos}. */
    static Duration await(String what, long startNanos, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = startNanos + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public void close() {
        informer.close();
    }
}
