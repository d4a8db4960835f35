package io.kube4j.controllers.manager;

import io.kube4j.controllers.machinery.Controller;
import io.kube4j.controllers.machinery.ControllerContext;
import java.util.List;
import java.util.function.Function;

/**
 * A controller the manager knows: its upstream name (e.g. {@code deployment-controller}), the
 * older names {@code --controllers} also accepts (e.g. {@code deployment}), whether {@code *}
 * includes it, and how to build it.
 */
public record ControllerDescriptor(String name, List<String> aliases, boolean enabledByDefault,
        Function<ControllerContext, Controller> factory) {

    public ControllerDescriptor {
        aliases = List.copyOf(aliases);
    }

    /** Whether {@code flagName} names this controller. */
    public boolean named(String flagName) {
        return name.equals(flagName) || aliases.contains(flagName);
    }
}
