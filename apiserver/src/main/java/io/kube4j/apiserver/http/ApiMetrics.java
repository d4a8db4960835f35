package io.kube4j.apiserver.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.kube4j.apiserver.storage.StorageLatency;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.DoubleSupplier;

/**
 * The apiserver's Prometheus metrics, named as upstream's: {@code apiserver_request_total} and
 * {@code apiserver_request_duration_seconds} by verb, group, version, resource, subresource and
 * code, {@code apiserver_longrunning_requests} (open watches), and the store's latency,
 * {@code etcd_request_duration_seconds} by operation and type. One registry
 * per apiserver instance. Thread-safe.
 */
public final class ApiMetrics implements StorageLatency {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Histogram storage;

    public ApiMetrics() {
        requests = Counter.builder().name("apiserver_request_total")
                .help("Counter of apiserver requests broken out for each verb, group, version, resource, subresource and code.")
                .labelNames("verb", "group", "version", "resource", "subresource", "code").register(registry);
        latency = Histogram.builder().name("apiserver_request_duration_seconds")
                .help("Response latency distribution in seconds for each verb, group, version, resource and subresource.")
                .classicUpperBounds(0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10,
                        15, 20, 30, 45, 60)
                .labelNames("verb", "group", "version", "resource", "subresource").register(registry);
        storage = Histogram.builder().name("etcd_request_duration_seconds")
                .help("Etcd request latency in seconds for each operation and object type.")
                .classicUpperBounds(0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10,
                        15, 20, 30, 45, 60)
                .labelNames("operation", "type").register(registry);
    }

    /** One store call's duration ({@code etcd_request_duration_seconds}). */
    @Override
    public void observe(String operation, String type, long nanos) {
        storage.labelValues(operation, type).observe(nanos / 1e9);
    }

    /** Registers a gauge read at scrape time (e.g. open watches). */
    public void gauge(String name, String help, DoubleSupplier value) {
        Gauge g = Gauge.builder().name(name).help(help).build();
        registry.register(() -> {
            g.set(value.getAsDouble());
            return g.collect();
        });
    }

    void observe(RequestInfo info, int code, long nanos) {
        if (!info.resourceRequest()) {
            return;
        }
        String verb = info.verb().toUpperCase(java.util.Locale.ROOT);
        String sub = info.subresource() == null ? "" : info.subresource();
        requests.labelValues(verb, info.group(), info.version(), info.resource(), sub, Integer.toString(code)).inc();
        if (!info.verb().equals("watch")) {
            latency.labelValues(verb, info.group(), info.version(), info.resource(), sub).observe(nanos / 1e9);
        }
    }

    /** The text exposition of every metric. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
