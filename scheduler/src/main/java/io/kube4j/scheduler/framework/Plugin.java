package io.kube4j.scheduler.framework;

/**
 * A scheduler plugin: one named unit of scheduling policy that implements one or more extension
 * points ({@link FilterPlugin}, {@link ScorePlugin}, ...). Plugins are shared by every scheduling
 * cycle of their profile and must be thread-safe; per-cycle data goes into the {@link CycleState}.
 */
public interface Plugin {

    /** The plugin's name as used in configuration and in {@link Status#plugin()}. */
    String name();
}
