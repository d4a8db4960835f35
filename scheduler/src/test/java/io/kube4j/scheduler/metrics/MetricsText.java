package io.kube4j.scheduler.metrics;

import java.nio.charset.StandardCharsets;

/** Reads one sample out of a Prometheus text exposition, for assertions. */
public final class MetricsText {

    private MetricsText() {
    }

    /**
     * The value of the sample whose name-and-labels part is exactly {@code series} (for example
     * {@code scheduler_pending_pods{queue="active"}}), or null if absent.
     */
    public static Double sample(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return null;
    }

    public static Double sample(byte[] text, String series) {
        return sample(new String(text, StandardCharsets.UTF_8), series);
    }
}
