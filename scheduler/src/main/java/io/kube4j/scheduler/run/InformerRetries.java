package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an informer retry its list and watch after any failure, as client-go's reflector always
 * does. fabric8's default gives up on a failure before the first sync (a list timing out on a
 * loaded apiserver) and on a watch error other than 410 Gone: the scheduler would then wait for
 * a cache that never fills, or schedule from one that no longer changes. Stateless.
 */
final class InformerRetries {

    private static final Logger LOG = LoggerFactory.getLogger(InformerRetries.class);

    private InformerRetries() {
    }

    /** Sets the always-retry handler on {@code informer}, which must not have started; returns it. */
    static <T> SharedIndexInformer<T> always(SharedIndexInformer<T> informer) {
        return informer.exceptionHandler((started, failure) -> {
            LOG.warn("{} informer: {} failed, retrying: {}", informer.getApiTypeClass().getSimpleName(),
                    started ? "watch" : "list", failure.toString());
            return true;
        });
    }
}
