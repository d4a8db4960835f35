package io.kube4j.apiserver.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the ITs that share one server per class: before a test class runs, starts one real apiserver (over an
 * in-memory store, on a random loopback port) and a fabric8 client to it; after the class, closes
 * both. The tests of a class share them, so each test works in its own namespace.
 * A class that needs a small watch cache says so with {@link WatchCacheSize}.
 *
 * <p>The fields are static and shared by every subclass, which is safe because test classes run one
 * after another (no parallel execution is configured); each class replaces them in its own
 * {@code @BeforeAll}.
 */
public abstract class ServerPerClass {

    protected static TestApiServer server;
    protected static KubernetesClient client;

    /** The watch cache's window (resourceVersions kept per resource) of the class's server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface WatchCacheSize {
        int value();
    }

    @BeforeAll
    protected static void startServer(TestInfo info) throws Exception {
        WatchCacheSize size = info.getTestClass().orElseThrow().getAnnotation(WatchCacheSize.class);
        server = size == null ? TestApiServer.start() : TestApiServer.start(size.value());
        client = server.fabric8();
    }

    @AfterAll
    protected static void stopServer() throws Exception {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
