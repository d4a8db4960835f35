package io.kube4j.apiserver.http;

import static io.kube4j.apiserver.http.RawApi.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Reads over raw HTTPS: paging with continue tokens, resourceVersion semantics, label and field
 * selectors, cluster-wide lists, Table and PartialObjectMetadataList output.
 */
@RawApiPerClass.Namespaces({"paging", "sel", "sel2", "rv"})
class ReadsIT extends RawApiPerClass {

    private static final String PAGING = "/api/v1/namespaces/paging/secrets";
    private static final String SEL = "/api/v1/namespaces/sel/pods";
    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    @BeforeAll
    static void seed() throws Exception {
        for (int i = 0; i < 25; i++) {
            api.create(PAGING, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s-%02d\"},\"stringData\":{\"k\":\"v\"}}"
                    .formatted(i));
        }
        api.create(SEL, RawApi.pod("p1", "\"app\":\"web\",\"tier\":\"fe\"", "node-a"));
        api.create(SEL, RawApi.pod("p2", "\"app\":\"db\"", "node-a"));
        api.create(SEL, RawApi.pod("p3", "\"app\":\"web\",\"env\":\"prod\"", "node-b"));
        api.create(SEL, RawApi.pod("p4", "", null));
        api.create("/api/v1/namespaces/sel2/pods", RawApi.pod("q1", "\"app\":\"web\"", null));
    }

    @Test
    void pagesThroughTwentyFiveObjectsAtOneRevision() {
        List<String> seen = new ArrayList<>();
        JsonNode page = api.read(PAGING + "?limit=10");
        String revision = page.path("metadata").path("resourceVersion").asString();
        assertThat(page.path("items")).hasSize(10);
        assertThat(page.path("metadata").path("remainingItemCount").asLong()).isEqualTo(15);
        page.path("items").forEach(i -> seen.add(i.path("metadata").path("name").asString()));
        // A write between pages does not show up: every page is read at the first page's revision.
        api.create(PAGING, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s-99\"}}");
        page = api.read(PAGING + "?limit=10&continue=" + page.path("metadata").path("continue").asString());
        assertThat(page.path("items")).hasSize(10);
        assertThat(page.path("metadata").path("remainingItemCount").asLong()).isEqualTo(5);
        assertThat(page.path("metadata").path("resourceVersion").asString()).isEqualTo(revision);
        page.path("items").forEach(i -> seen.add(i.path("metadata").path("name").asString()));
        page = api.read(PAGING + "?limit=10&continue=" + page.path("metadata").path("continue").asString());
        assertThat(page.path("items")).hasSize(5);
        assertThat(page.path("metadata").has("continue")).isFalse();
        assertThat(page.path("metadata").has("remainingItemCount")).isFalse();
        page.path("items").forEach(i -> seen.add(i.path("metadata").path("name").asString()));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add("s-%02d".formatted(i));
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        api.delete(PAGING + "/s-99");
    }

    @Test
    void continueTokenAfterCompactionIsExpired() {
        JsonNode first = api.read(PAGING + "?limit=5");
        String token = first.path("metadata").path("continue").asString();
        api.create("/api/v1/namespaces/rv/configmaps", RawApi.configMap("compact-me", ""));
        long now = Long.parseLong(api.read("/api/v1/namespaces/rv/configmaps").path("metadata")
                .path("resourceVersion").asString());
        server.store().compact(now);
        assertStatus(api.get(PAGING + "?limit=5&continue=" + token), 410, "Expired",
                "The provided continue parameter is too old to display a consistent list result. You can start a new "
                        + "list without the continue parameter, or use the continue token in this response to "
                        + "retrieve the remainder of the results.");
        assertThat(api.read(PAGING + "?limit=5").path("items")).hasSize(5);
    }

    @Test
    void resourceVersionSemantics() {
        String cms = "/api/v1/namespaces/rv/configmaps";
        JsonNode a = api.create(cms, RawApi.configMap("a", ""));
        long rvA = Long.parseLong(a.path("metadata").path("resourceVersion").asString());
        api.create(cms, RawApi.configMap("b", ""));
        // Unset: a consistent read sees every acknowledged write.
        JsonNode latest = api.read(cms);
        assertThat(names(latest)).contains("a", "b");
        assertThat(Long.parseLong(latest.path("metadata").path("resourceVersion").asString())).isGreaterThan(rvA);
        // 0: any state the server has, served without a limit.
        JsonNode any = api.read(cms + "?resourceVersion=0&limit=1");
        assertThat(names(any)).contains("a", "b");
        assertThat(any.path("metadata").has("continue")).isFalse();
        // NotOlderThan: at least that revision.
        JsonNode notOlder = api.read(cms + "?resourceVersion=" + rvA + "&resourceVersionMatch=NotOlderThan");
        assertThat(Long.parseLong(notOlder.path("metadata").path("resourceVersion").asString())).isGreaterThanOrEqualTo(rvA);
        assertThat(names(notOlder)).contains("a", "b");
        // Exact: the state at that revision, b not yet there.
        JsonNode exact = api.read(cms + "?resourceVersion=" + rvA + "&resourceVersionMatch=Exact");
        assertThat(exact.path("metadata").path("resourceVersion").asString()).isEqualTo(Long.toString(rvA));
        assertThat(names(exact)).contains("a").doesNotContain("b");
        // A get at 0 is served too.
        assertThat(api.read(cms + "/a?resourceVersion=0").path("metadata").path("name").asString()).isEqualTo("a");
    }

    @Test
    void resourceVersionMatchWithoutResourceVersionIsInvalid() {
        JsonNode s = assertStatus(api.get("/api/v1/namespaces/rv/configmaps?resourceVersionMatch=NotOlderThan"), 422,
                "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
                        + "resourceVersionMatch is forbidden unless resourceVersion is provided");
        assertThat(s.path("details").path("causes").get(0).path("field").asString()).isEqualTo("resourceVersionMatch");
        assertThat(s.path("details").path("causes").get(0).path("reason").asString()).isEqualTo("FieldValueForbidden");
    }

    record Selection(String query, List<String> names) {
        @Override
        public String toString() {
            return query;
        }
    }

    static Stream<Selection> selections() {
        return Stream.of(
                new Selection("labelSelector=app=web", List.of("p1", "p3")),
                new Selection("labelSelector=app==web", List.of("p1", "p3")),
                new Selection("labelSelector=app!=web", List.of("p2", "p4")),
                new Selection("labelSelector=app in (web,db)", List.of("p1", "p2", "p3")),
                new Selection("labelSelector=app notin (web)", List.of("p2", "p4")),
                new Selection("labelSelector=env", List.of("p3")),
                new Selection("labelSelector=!env", List.of("p1", "p2", "p4")),
                new Selection("labelSelector=app=web,tier=fe", List.of("p1")),
                new Selection("fieldSelector=metadata.name=p2", List.of("p2")),
                new Selection("fieldSelector=metadata.name!=p2", List.of("p1", "p3", "p4")),
                new Selection("fieldSelector=spec.nodeName=node-a", List.of("p1", "p2")),
                new Selection("fieldSelector=spec.nodeName=", List.of("p4")),
                new Selection("fieldSelector=status.phase=Pending", List.of("p1", "p2", "p3", "p4")),
                new Selection("fieldSelector=status.phase=Running", List.of()),
                new Selection("fieldSelector=metadata.namespace=sel", List.of("p1", "p2", "p3", "p4")),
                new Selection("fieldSelector=spec.nodeName=node-a&labelSelector=app=web", List.of("p1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selections")
    void selectsPods(Selection s) {
        String query = s.query().replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("!", "%21");
        assertThat(names(api.read(SEL + "?" + query))).containsExactlyInAnyOrderElementsOf(s.names());
    }

    @Test
    void unsupportedFieldSelectorIsBadRequest() {
        assertStatus(api.get(SEL + "?fieldSelector=spec.dnsPolicy%3DDefault"), 400, "BadRequest",
                "field label not supported: spec.dnsPolicy");
        assertStatus(api.get("/api/v1/namespaces/sel/configmaps?fieldSelector=data.k%3Dv"), 400, "BadRequest", null);
        assertStatus(api.get(SEL + "?labelSelector=" + URLEncoder.encode("app in web", StandardCharsets.UTF_8)), 400,
                "BadRequest", null);
    }

    @Test
    void clusterWideListSpansNamespaces() {
        JsonNode all = api.read("/api/v1/pods");
        assertThat(all.path("kind").asString()).isEqualTo("PodList");
        assertThat(names(all)).contains("p1", "p2", "p3", "p4", "q1");
        assertThat(names(api.read("/api/v1/pods?labelSelector=app%3Dweb"))).containsExactlyInAnyOrder("p1", "p3", "q1");
    }

    @Test
    void tableOutputHasTheResourcesColumns() {
        HttpResponse<String> r = api.get(SEL, "Accept", TABLE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode table = RawApi.json(r);
        assertThat(table.path("kind").asString()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
        List<String> columns = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asString()));
        assertThat(columns).containsExactly("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node",
                "Nominated Node", "Readiness Gates");
        assertThat(table.path("rows")).hasSize(4);
        JsonNode p1 = rowNamed(table, "p1");
        assertThat(p1.path("cells")).hasSize(columns.size());
        assertThat(p1.path("cells").get(1).asString()).isEqualTo("0/1");
        assertThat(p1.path("cells").get(2).asString()).isEqualTo("Pending");
        assertThat(p1.path("cells").get(6).asString()).isEqualTo("node-a");
        assertThat(p1.path("object").path("kind").asString()).isEqualTo("PartialObjectMetadata");
        assertThat(p1.path("object").has("spec")).isFalse();

        JsonNode cms = RawApi.json(api.get("/api/v1/namespaces/rv/configmaps/a", "Accept", TABLE));
        List<String> cmColumns = new ArrayList<>();
        cms.path("columnDefinitions").forEach(c -> cmColumns.add(c.path("name").asString()));
        assertThat(cmColumns).containsExactly("Name", "Data", "Age");
        if (cms.path("rows").size() == 1) {
            assertThat(cms.path("rows").get(0).path("cells").get(1).asInt()).isEqualTo(1);
        } else {
            api.create("/api/v1/namespaces/rv/configmaps", RawApi.configMap("a", ""));
            cms = RawApi.json(api.get("/api/v1/namespaces/rv/configmaps/a", "Accept", TABLE));
            assertThat(cms.path("rows").get(0).path("cells").get(1).asInt()).isEqualTo(1);
        }
        JsonNode none = RawApi.json(api.get(SEL + "?includeObject=None", "Accept", TABLE));
        assertThat(rowNamed(none, "p2").has("object")).isFalse();
    }

    @Test
    void partialObjectMetadataList() {
        HttpResponse<String> r = api.get(SEL, "Accept",
                "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode list = RawApi.json(r);
        assertThat(list.path("kind").asString()).isEqualTo("PartialObjectMetadataList");
        assertThat(list.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
        assertThat(list.path("metadata").path("resourceVersion").asString()).isNotEmpty();
        assertThat(names(list)).containsExactlyInAnyOrder("p1", "p2", "p3", "p4");
        for (JsonNode item : list.path("items")) {
            assertThat(item.path("kind").asString()).isEqualTo("PartialObjectMetadata");
            assertThat(item.has("spec")).isFalse();
            assertThat(item.path("metadata").path("uid").asString()).isNotEmpty();
        }
    }

    private static JsonNode rowNamed(JsonNode table, String name) {
        for (JsonNode row : table.path("rows")) {
            if (row.path("cells").get(0).asString().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row " + name + " in " + table);
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(i -> out.add(i.path("metadata").path("name").asString()));
        return out;
    }
}
