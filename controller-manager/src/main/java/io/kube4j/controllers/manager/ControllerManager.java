package io.kube4j.controllers.manager;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.controllers.machinery.ApiEventRecorder;
import io.kube4j.controllers.machinery.Controller;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.Fabric8Api;
import io.kube4j.controllers.machinery.Fabric8Informers;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a set of controllers against an apiserver, as kube-controller-manager does once it leads:
 * builds each controller on shared informers (so each kind is listed and watched once) with its own
 * write rate limit ({@code --kube-api-qps}/{@code --kube-api-burst}, as upstream's per-controller
 * clients), starts the informers, waits for their first list, then starts the controllers. Leader election is the
 * caller's (the launcher's) business: it starts a manager when it leads and closes it when it
 * stops leading.
 *
 * <p>{@link #close()} stops the controllers, then the informers and the event writers; it does not
 * close the client. start and close are not meant to race; {@link #running()} is thread-safe.
 */
public final class ControllerManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

    private final Fabric8Informers informers;
    private final Map<String, ApiEventRecorder> recorders;
    private final List<Controller> controllers;

    private ControllerManager(Fabric8Informers informers, Map<String, ApiEventRecorder> recorders, List<Controller> controllers) {
        this.informers = informers;
        this.recorders = recorders;
        this.controllers = controllers;
    }

    /** Starts the controllers {@code selection} turns on from the {@link ControllerCatalog}. */
    public static ControllerManager start(KubernetesClient client, ControllerSelection selection, ControllerOptions options)
            throws InterruptedException {
        List<Function<ControllerContext, Controller>> factories = new ArrayList<>();
        selection.select(ControllerCatalog.all()).forEach(d -> factories.add(d.factory()));
        return start(client, factories, options);
    }

    /**
     * Starts the controllers {@code factories} build, in order.
     *
     * @throws IllegalStateException when the informers do not sync within two minutes
     */
    public static ControllerManager start(KubernetesClient client, List<Function<ControllerContext, Controller>> factories,
            ControllerOptions options) throws InterruptedException {
        Fabric8Informers informers = new Fabric8Informers(client, options.minResyncPeriod());
        Map<String, ApiEventRecorder> recorders = new ConcurrentHashMap<>();
        // One rate limit per event source, as upstream's recorders write through their controller's own client.
        Function<String, EventRecorder> events = component -> recorders.computeIfAbsent(component,
                c -> new ApiEventRecorder(new Fabric8Api(client, options.kubeApiQps(), options.kubeApiBurst()), c, InstantSource.system()));
        List<Controller> controllers = new ArrayList<>();
        ControllerManager manager = new ControllerManager(informers, recorders, controllers);
        try {
            for (var factory : factories) {
                // Each controller its own rate limit, as upstream gives each controller its own client.
                Fabric8Api api = new Fabric8Api(client, options.kubeApiQps(), options.kubeApiBurst());
                controllers.add(factory.apply(new ControllerContext(informers, api, events, InstantSource.system(), options, client)));
            }
            informers.start();
            if (!informers.awaitSynced(SYNC_TIMEOUT)) {
                throw new IllegalStateException("informers did not sync within " + SYNC_TIMEOUT + ": " + informers.kinds());
            }
            for (Controller c : controllers) {
                c.start();
                LOG.info("started {}", c.name());
            }
        } catch (RuntimeException | InterruptedException e) {
            manager.close();
            throw e;
        }
        return manager;
    }

    /** The names of the running controllers. */
    public List<String> running() {
        return controllers.stream().map(Controller::name).toList();
    }

    /** The running controller named {@code name}, for tests. */
    public <C extends Controller> C controller(String name, Class<C> type) {
        return controllers.stream().filter(c -> c.name().equals(name)).map(type::cast).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        for (Controller c : controllers.reversed()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping {}", c.name(), e);
            }
        }
        informers.close();
        recorders.values().forEach(ApiEventRecorder::close);
    }
}
