package io.kube4j.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.testing.ServerPerClass;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Watches over chunked HTTP/1.1: replay from a resourceVersion, the three event types,
 * initial events closed by the {@code k8s.io/initial-events-end} bookmark, {@code timeoutSeconds},
 * and the 410 ERROR event for a resourceVersion older than the watch window.
 */
@ServerPerClass.WatchCacheSize(WatchIT.WINDOW)
@RawApiPerClass.Namespaces("watched")
class WatchIT extends RawApiPerClass {

    /** A small window, so that a watch from an early revision is refused quickly. */
    static final int WINDOW = 40;
    private static final String NS = "/api/v1/namespaces/watched";
    private static final String CMS = NS + "/configmaps";

    private static String listRevision() {
        return api.read(CMS).path("metadata").path("resourceVersion").asString();
    }

    private static WatchLines watch(String query) throws Exception {
        return WatchLines.open(server.http(), server.url(), CMS + "?watch=1&" + query);
    }

    @Test
    void replaysAddedModifiedDeletedFromAResourceVersion() throws Exception {
        String from = listRevision();
        JsonNode created = api.create(CMS, RawApi.configMap("replayed", "\"labels\":{\"t\":\"replay\"}"));
        api.put(CMS + "/replayed", RawApi.configMap("replayed", "\"labels\":{\"t\":\"replay\"}").replace("\"v\"", "\"v2\""));
        assertThat(api.delete(CMS + "/replayed").statusCode()).isEqualTo(200);
        try (WatchLines w = watch("resourceVersion=" + from + "&labelSelector=t%3Dreplay")) {
            assertThat(w.response().statusCode()).isEqualTo(200);
            assertThat(w.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/json"));
            assertThat(w.response().headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            JsonNode added = w.next(5);
            assertThat(added.path("type").asString()).isEqualTo("ADDED");
            assertThat(added.path("object").path("kind").asString()).isEqualTo("ConfigMap");
            assertThat(added.path("object").path("apiVersion").asString()).isEqualTo("v1");
            assertThat(added.path("object").path("metadata").path("resourceVersion").asString())
                    .isEqualTo(created.path("metadata").path("resourceVersion").asString());
            JsonNode modified = w.next(5);
            assertThat(modified.path("type").asString()).isEqualTo("MODIFIED");
            assertThat(modified.path("object").path("data").path("k").asString()).isEqualTo("v2");
            JsonNode deleted = w.next(5);
            assertThat(deleted.path("type").asString()).isEqualTo("DELETED");
            assertThat(deleted.path("object").path("metadata").path("name").asString()).isEqualTo("replayed");
            // And live events after the replay.
            api.create(CMS, RawApi.configMap("live", "\"labels\":{\"t\":\"replay\"}"));
            JsonNode live = w.next(5);
            assertThat(live.path("type").asString()).isEqualTo("ADDED");
            assertThat(live.path("object").path("metadata").path("name").asString()).isEqualTo("live");
        }
    }

    @Test
    void initialEventsEndWithABookmark() throws Exception {
        api.create(CMS, RawApi.configMap("init-a", "\"labels\":{\"t\":\"init\"}"));
        api.create(CMS, RawApi.configMap("init-b", "\"labels\":{\"t\":\"init\"}"));
        try (WatchLines w = watch("sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"
                + "&labelSelector=t%3Dinit")) {
            assertThat(w.response().statusCode()).isEqualTo(200);
            JsonNode first = w.next(5);
            JsonNode second = w.next(5);
            assertThat(first.path("type").asString()).isEqualTo("ADDED");
            assertThat(second.path("type").asString()).isEqualTo("ADDED");
            assertThat(java.util.List.of(first.path("object").path("metadata").path("name").asString(),
                    second.path("object").path("metadata").path("name").asString()))
                    .containsExactlyInAnyOrder("init-a", "init-b");
            JsonNode bookmark = w.next(5);
            assertThat(bookmark.path("type").asString()).isEqualTo("BOOKMARK");
            assertThat(bookmark.path("object").path("kind").asString()).isEqualTo("ConfigMap");
            assertThat(bookmark.path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end")
                    .asString()).isEqualTo("true");
            assertThat(Long.parseLong(bookmark.path("object").path("metadata").path("resourceVersion").asString()))
                    .isGreaterThanOrEqualTo(Long.parseLong(second.path("object").path("metadata")
                            .path("resourceVersion").asString()));
        }
    }

    @Test
    void timeoutSecondsEndsTheStream() throws Exception {
        long start = System.nanoTime();
        try (WatchLines w = watch("timeoutSeconds=2&resourceVersion=" + listRevision())) {
            assertThat(w.response().statusCode()).isEqualTo(200);
            assertThat(w.endsWithin(10)).isTrue();
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_500L, 10_000L);
    }

    @Test
    void tooOldResourceVersionIsAnExpiredErrorEvent() throws Exception {
        String old = listRevision();
        api.create(CMS, RawApi.configMap("churn", ""));
        for (int i = 0; i < WINDOW + 10; i++) {
            assertThat(api.put(CMS + "/churn", RawApi.configMap("churn", "").replace("\"v\"", "\"v" + i + "\""))
                    .statusCode()).isEqualTo(200);
        }
        try (WatchLines w = watch("resourceVersion=" + old)) {
            assertThat(w.response().statusCode()).isEqualTo(200);
            JsonNode error = w.next(5);
            assertThat(error.path("type").asString()).isEqualTo("ERROR");
            JsonNode status = error.path("object");
            assertThat(status.path("kind").asString()).isEqualTo("Status");
            assertThat(status.path("apiVersion").asString()).isEqualTo("v1");
            assertThat(status.path("status").asString()).isEqualTo("Failure");
            assertThat(status.path("code").asInt()).isEqualTo(410);
            assertThat(status.path("reason").asString()).isEqualTo("Expired");
            assertThat(status.path("message").asString()).startsWith("too old resource version: " + old + " (");
            assertThat(w.endsWithin(5)).isTrue();
        }
    }
}
