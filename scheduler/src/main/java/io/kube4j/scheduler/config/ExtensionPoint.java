package io.kube4j.scheduler.config;

import io.kube4j.scheduler.framework.BindPlugin;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.PermitPlugin;
import io.kube4j.scheduler.framework.Plugin;
import io.kube4j.scheduler.framework.PostBindPlugin;
import io.kube4j.scheduler.framework.PostFilterPlugin;
import io.kube4j.scheduler.framework.PreBindPlugin;
import io.kube4j.scheduler.framework.PreEnqueuePlugin;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreScorePlugin;
import io.kube4j.scheduler.framework.QueueSortPlugin;
import io.kube4j.scheduler.framework.ReservePlugin;
import io.kube4j.scheduler.framework.ScorePlugin;

/**
 * The single extension points a configuration can enable or disable plugins at (MultiPoint is not
 * one of them: it expands into these), with the interface a plugin must implement to run there.
 * Declared in upstream's framework order, which decides which point reports an unknown MultiPoint plugin.
 */
public enum ExtensionPoint {
    PRE_FILTER("preFilter", PreFilterPlugin.class),
    FILTER("filter", FilterPlugin.class),
    POST_FILTER("postFilter", PostFilterPlugin.class),
    RESERVE("reserve", ReservePlugin.class),
    PRE_SCORE("preScore", PreScorePlugin.class),
    SCORE("score", ScorePlugin.class),
    PRE_BIND("preBind", PreBindPlugin.class),
    BIND("bind", BindPlugin.class),
    POST_BIND("postBind", PostBindPlugin.class),
    PERMIT("permit", PermitPlugin.class),
    PRE_ENQUEUE("preEnqueue", PreEnqueuePlugin.class),
    QUEUE_SORT("queueSort", QueueSortPlugin.class);

    private final String field;
    private final Class<? extends Plugin> type;

    ExtensionPoint(String field, Class<? extends Plugin> type) {
        this.field = field;
        this.type = type;
    }

    /** The field name under {@code plugins} in the configuration file. */
    public String field() {
        return field;
    }

    /** The interface a plugin implements to run at this point. */
    public Class<? extends Plugin> type() {
        return type;
    }

    /** Upstream's name of the point's plugin type, used in error messages ({@code FilterPlugin}). */
    public String typeName() {
        return type.getSimpleName();
    }
}
