package io.kube4j.apiserver.http;

import io.kube4j.apiserver.testing.ServerPerClass;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the raw-HTTP ITs: the class's server ({@link ServerPerClass}) plus a {@link RawApi} to
 * it, and the namespaces the class names in {@link Namespaces} created before its tests run.
 * Static state, as its parent's: test classes run one after another.
 */
abstract class RawApiPerClass extends ServerPerClass {

    static RawApi api;

    /** Namespaces to create once the server is up. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Namespaces {
        String[] value();
    }

    @BeforeAll
    static void openRawApi(TestInfo info) {
        api = new RawApi(server.http(), server.url());
        Namespaces namespaces = info.getTestClass().orElseThrow().getAnnotation(Namespaces.class);
        for (String ns : namespaces == null ? new String[0] : namespaces.value()) {
            api.create("/api/v1/namespaces", RawApi.namespace(ns));
        }
    }
}
