package io.kube4j.controllers.manager;

import java.util.List;

/**
 * Every controller kube4j's controller manager can run, under upstream's names and aliases, in
 * the order they start. Stateless.
 */
public final class ControllerCatalog {

    private ControllerCatalog() {
    }

    public static List<ControllerDescriptor> all() {
        return List.of(
        );
    }
}
