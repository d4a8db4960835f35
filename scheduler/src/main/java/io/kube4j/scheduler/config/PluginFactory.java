package io.kube4j.scheduler.config;

import io.kube4j.scheduler.framework.Plugin;
import tools.jackson.databind.JsonNode;

/**
 * Builds one plugin from its {@code pluginConfig} args (null when none are configured: the
 * factory applies upstream's default args). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PluginFactory {

    /**
     * @throws ConfigException when the args are invalid; its errors carry paths relative to {@code args}
     */
    Plugin create(JsonNode args, PluginContext context);
}
