package io.kube4j.scheduler.framework;

import java.util.List;

/**
 * The result of one plugin call: a {@link Code}, the reasons shown to users, and the plugin that
 * produced a rejection. Immutable and thread-safe.
 *
 * @param code    the outcome class, never null
 * @param reasons human-readable reasons in the order the plugin gave them (upstream's exact strings)
 * @param plugin  the plugin that failed the pod, or {@code ""} when not yet attributed
 */
public record Status(Code code, List<String> reasons, String plugin) {

    private static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), "");

    public Status {
        if (code == null) {
            throw new IllegalArgumentException("code must not be null");
        }
        reasons = List.copyOf(reasons);
        plugin = plugin == null ? "" : plugin;
    }

    /** The shared success status. */
    public static Status success() {
        return SUCCESS;
    }

    /** A status with the given code and reasons, not yet attributed to a plugin. */
    public static Status of(Code code, String... reasons) {
        return new Status(code, List.of(reasons), "");
    }

    /** An {@link Code#ERROR} status. */
    public static Status error(String reason) {
        return of(Code.ERROR, reason);
    }

    /** A {@link Code#SKIP} status. */
    public static Status skip() {
        return of(Code.SKIP);
    }

    /** This status attributed to {@code pluginName}. */
    public Status withPlugin(String pluginName) {
        return new Status(code, reasons, pluginName);
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** True for the two unschedulable codes: the pod was rejected, not failed by an error. */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** The reasons joined by {@code ", "}, as upstream's Status.Message(). */
    public String message() {
        return String.join(", ", reasons);
    }
}
