package io.kube4j.apiserver.http;

import io.kube4j.apiserver.json.KubeJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * One watch over chunked HTTP/1.1: its response head, and its event lines read on a virtual
 * thread so that each {@link #next} waits a bounded time. Close it to drop the connection.
 */
final class WatchLines implements AutoCloseable {

    private static final JsonNode END = KubeJson.json().createObjectNode().put("type", "END-OF-STREAM");

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    private WatchLines(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread.ofVirtual().start(() -> {
            try (Stream<String> lines = response.body()) {
                lines.filter(l -> !l.isBlank()).forEach(l -> events.add(KubeJson.json().readTree(l)));
            } catch (RuntimeException closed) {
                // the test closed the stream, or the server dropped it: both end the events
            } finally {
                events.add(END);
            }
        });
    }

    /** Opens {@code path} (which carries {@code watch=1}) over HTTP/1.1. */
    static WatchLines open(HttpClient client, URI base, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(30)).GET().build();
        return new WatchLines(client.send(request, HttpResponse.BodyHandlers.ofLines()));
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    /** The next event within {@code seconds}; AssertionError when none came or the stream ended. */
    JsonNode next(long seconds) throws InterruptedException {
        JsonNode e = events.poll(seconds, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no watch event within " + seconds + "s");
        }
        if (e == END) {
            events.add(END);
            throw new AssertionError("the watch stream ended");
        }
        return e;
    }

    /** Whether the stream ends within {@code seconds} (any events before the end are dropped). */
    boolean endsWithin(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (e == END) {
                events.add(END);
                return true;
            }
            if (e == null) {
                return false;
            }
        }
    }

    @Override
    public void close() {
        response.body().close();
    }
}
