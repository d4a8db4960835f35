package io.kube4j.kubelet.stats;

import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The kubelet's {@code /metrics/resource} (what metrics-server scrapes), rendered from a
 * {@link SummaryProvider} summary in the Prometheus text format with upstream's metric names:
 * node, pod and container CPU (cumulative core-seconds) and memory working set, container start
 * times, and {@code resource_scrape_error}. Stateless.
 */
public final class ResourceMetrics {

    private ResourceMetrics() {}

    /** The text for one summary. */
    public static String render(JsonNode summary) {
        StringBuilder out = new StringBuilder();
        JsonNode node = summary.path("node");
        header(out, "node_cpu_usage_seconds_total", "Cumulative cpu time consumed by the node in core-seconds", "counter");
        sample(out, "node_cpu_usage_seconds_total", "", node.path("cpu"), "usageCoreNanoSeconds", 1e-9);
        header(out, "node_memory_working_set_bytes", "Current working set of the node in bytes", "gauge");
        sample(out, "node_memory_working_set_bytes", "", node.path("memory"), "workingSetBytes", 1);
        header(out, "pod_cpu_usage_seconds_total", "Cumulative cpu time consumed by the pod in core-seconds", "counter");
        for (JsonNode pod : summary.path("pods")) {
            sample(out, "pod_cpu_usage_seconds_total", podLabels(pod), pod.path("cpu"), "usageCoreNanoSeconds", 1e-9);
        }
        header(out, "pod_memory_working_set_bytes", "Current working set of the pod in bytes", "gauge");
        for (JsonNode pod : summary.path("pods")) {
            sample(out, "pod_memory_working_set_bytes", podLabels(pod), pod.path("memory"), "workingSetBytes", 1);
        }
        header(out, "container_cpu_usage_seconds_total", "Cumulative cpu time consumed by the container in core-seconds",
                "counter");
        forContainers(out, summary, "container_cpu_usage_seconds_total", "cpu", "usageCoreNanoSeconds", 1e-9);
        header(out, "container_memory_working_set_bytes", "Current working set of the container in bytes", "gauge");
        forContainers(out, summary, "container_memory_working_set_bytes", "memory", "workingSetBytes", 1);
        header(out, "container_start_time_seconds", "Start time of the container since unix epoch in seconds", "gauge");
        for (JsonNode pod : summary.path("pods")) {
            for (JsonNode c : pod.path("containers")) {
                if (c.has("startTime")) {
                    double seconds = Instant.parse(c.path("startTime").asString()).getEpochSecond();
                    out.append("container_start_time_seconds{").append(containerLabels(pod, c)).append("} ")
                            .append(number(seconds)).append('\n');
                }
            }
        }
        header(out, "resource_scrape_error", "1 if there was an error while getting container metrics, 0 otherwise",
                "gauge");
        out.append("resource_scrape_error ").append(node.has("cpu") ? 0 : 1).append('\n');
        return out.toString();
    }

    private static void forContainers(StringBuilder out, JsonNode summary, String metric, String group, String field,
            double scale) {
        for (JsonNode pod : summary.path("pods")) {
            for (JsonNode c : pod.path("containers")) {
                sample(out, metric, containerLabels(pod, c), c.path(group), field, scale);
            }
        }
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(" [STABLE] ").append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, JsonNode group, String field,
            double scale) {
        if (!group.has(field)) {
            return;
        }
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(number(group.path(field).asLong() * scale));
        if (group.has("time")) {
            out.append(' ').append(Instant.parse(group.path("time").asString()).toEpochMilli());
        }
        out.append('\n');
    }

    private static String podLabels(JsonNode pod) {
        return "namespace=\"" + escape(pod.path("podRef").path("namespace").asString("")) + "\",pod=\""
                + escape(pod.path("podRef").path("name").asString("")) + "\"";
    }

    private static String containerLabels(JsonNode pod, JsonNode container) {
        return "container=\"" + escape(container.path("name").asString("")) + "\"," + podLabels(pod);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.9g", v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
