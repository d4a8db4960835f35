package io.kube4j.apiserver.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.testing.TestApiServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What clients see when the apiserver shuts down (SIGTERM runs {@code ApiServer.close()}). */
class ShutdownIT {

    @Test
    void watchesEndWithAFinalBookmarkAtTheLatestRevision() throws Exception {
        TestApiServer server = TestApiServer.start();
        try (HttpClient http = server.http()) {
            String created = post(http, server.url(), "/api/v1/namespaces/default/configmaps",
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}");
            String rv = created.replaceAll("(?s).*\"resourceVersion\":\"(\\d+)\".*", "$1");

            HttpRequest watch = HttpRequest.newBuilder(server.url().resolve(
                            "/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion=" + rv))
                    .timeout(Duration.ofSeconds(30)).build();
            HttpResponse<InputStream> stream = http.send(watch, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            post(http, server.url(), "/api/v1/namespaces/default/configmaps",
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"b\"}}");
            BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            seen.add(lines.readLine());
            assertThat(seen.getFirst()).startsWith("{\"type\":\"ADDED\"").contains("\"name\":\"b\"");
            String lastRv = seen.getFirst().replaceAll("(?s).*\"resourceVersion\":\"(\\d+)\".*", "$1");

            server.close();

            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                seen.add(line);
            }
            assertThat(seen).hasSize(2);
            assertThat(seen.getLast()).startsWith("{\"type\":\"BOOKMARK\"")
                    .contains("\"resourceVersion\":\"" + lastRv + "\"");
        } finally {
            server.close();
        }
    }

    private static String post(HttpClient http, URI base, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body();
    }
}
