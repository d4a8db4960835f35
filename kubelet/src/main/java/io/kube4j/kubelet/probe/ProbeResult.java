package io.kube4j.kubelet.probe;

/**
 * One probe's outcome (upstream's probe.Result with its output).
 *
 * <p>{@link Status#WARNING} counts as a success (an httpGet probe that stopped at a redirect to
 * another host); {@link Status#ERROR} means the probe could not be run at all (a named port the
 * container does not have, a runtime failure) and is thrown away rather than counted.
 *
 * @param output what the probe said: the command's output, or the failure's description in
 *     upstream's words ("HTTP probe failed with statuscode: 500")
 */
public record ProbeResult(Status status, String output) {

    public enum Status {
        SUCCESS,
        WARNING,
        FAILURE,
        ERROR
    }

    public static ProbeResult success(String output) {
        return new ProbeResult(Status.SUCCESS, output);
    }

    public static ProbeResult warning(String output) {
        return new ProbeResult(Status.WARNING, output);
    }

    public static ProbeResult failure(String output) {
        return new ProbeResult(Status.FAILURE, output);
    }

    public static ProbeResult error(String message) {
        return new ProbeResult(Status.ERROR, message);
    }
}
