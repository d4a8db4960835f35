package io.kube4j.controllers.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.controllers.machinery.Controller;
import io.kube4j.controllers.machinery.ControllerContext;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.manager.ControllerManager;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.run.Scheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The integration tests' cluster: a real apiserver over an in-memory store on a loopback port and
 * a fabric8 client to it, plus what a test starts on it: controllers (through a real
 * {@link ControllerManager}), kube4j's scheduler with the default profile, and {@link HollowNodes}.
 * Owns all of them; {@link #close()} stops them in reverse order of start. Not thread-safe: one
 * test class drives it.
 */
public final class LiveControllers implements AutoCloseable {

    private final TestApiServer server;
    private final KubernetesClient client;
    private final List<AutoCloseable> started = new ArrayList<>();

    private LiveControllers(TestApiServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    public static LiveControllers start() throws Exception {
        TestApiServer server = TestApiServer.start();
        return new LiveControllers(server, server.fabric8());
    }

    public KubernetesClient client() {
        return client;
    }

    public TestApiServer server() {
        return server;
    }

    /** The admin kubeconfig, for kubectl. */
    public Path kubeconfig() {
        return server.kubeconfig();
    }

    /** Starts a controller manager running the controllers {@code factories} build, with default options. */
    @SafeVarargs
    public final ControllerManager controllers(Function<ControllerContext, Controller>... factories) throws InterruptedException {
        return controllers(ControllerOptions.defaults(), Arrays.asList(factories));
    }

    /** Starts a controller manager with {@code options}. */
    public ControllerManager controllers(ControllerOptions options, List<Function<ControllerContext, Controller>> factories)
            throws InterruptedException {
        ControllerManager manager = ControllerManager.start(client, factories, options);
        started.add(manager);
        return manager;
    }

    /** Starts kube4j's scheduler with the default profile. */
    public Scheduler scheduler() throws InterruptedException {
        Scheduler scheduler = Scheduler.start(client, Profile::defaults);
        started.add(scheduler);
        return scheduler;
    }

    /** Starts {@code count} hollow nodes named {@code hollow-0..}. */
    public HollowNodes nodes(int count) {
        return nodes(count, "hollow");
    }

    public HollowNodes nodes(int count, String prefix) {
        HollowNodes nodes = HollowNodes.start(client, count, prefix);
        started.add(nodes);
        return nodes;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : started.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        client.close();
        server.close();
    }
}
