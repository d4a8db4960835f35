package io.kube4j.apiserver.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProxyLinksTest {

    private final ProxyLinks links = new ProxyLinks("/api/v1/namespaces/ns/services/web/proxy", "10.42.0.7:8080",
            "127.0.0.1:8001");

    @Test
    void sameHostAbsoluteLinksGoThroughTheProxy() {
        assertThat(links.rewrite("/static/app.js")).isEqualTo("/api/v1/namespaces/ns/services/web/proxy/static/app.js");
        assertThat(links.rewrite("/dir/")).isEqualTo("/api/v1/namespaces/ns/services/web/proxy/dir/");
        assertThat(links.rewrite("/a/../b?x=1#top")).isEqualTo("/api/v1/namespaces/ns/services/web/proxy/b?x=1#top");
        assertThat(links.rewrite("http://10.42.0.7:8080/login?next=/"))
                .isEqualTo("/api/v1/namespaces/ns/services/web/proxy/login?next=/");
        // the client's own host is kept, with the prefix added
        assertThat(links.rewrite("http://127.0.0.1:8001/x")).isEqualTo("http://127.0.0.1:8001/api/v1/namespaces/ns/services/web/proxy/x");
        // already prefixed: only the backend's authority goes
        assertThat(links.rewrite("http://10.42.0.7:8080/api/v1/namespaces/ns/services/web/proxy/y"))
                .isEqualTo("/api/v1/namespaces/ns/services/web/proxy/y");
    }

    @Test
    void relativeAndForeignLinksStay() {
        assertThat(links.rewrite("page.html")).isEqualTo("page.html");
        assertThat(links.rewrite("../up")).isEqualTo("../up");
        assertThat(links.rewrite("https://example.com/x")).isEqualTo("https://example.com/x");
        assertThat(links.rewrite("//cdn.example.com/lib.js")).isEqualTo("//cdn.example.com/lib.js");
        assertThat(links.rewrite("mailto:someone@example.com")).isEqualTo("mailto:someone@example.com");
        assertThat(links.rewrite("#anchor")).isEqualTo("#anchor");
    }

    @Test
    void htmlLinkAttributesAreRewrittenAndTheRestKept() {
        String html = "<!DOCTYPE html><html><head><link rel=stylesheet href=/s.css>"
                + "<script src='/app.js'></script><script>var a = '<a href=\"/no\">';</script>"
                + "<!-- <a href=\"/comment\"> --></head>"
                + "<body><a class=\"x\" href=\"/docs/\" title=\"/not-a-link\">docs</a>"
                + "<IMG SRC=\"/i.png\" alt=x><form action=\"/post\" method=post><input type=submit disabled></form>"
                + "<a href=\"rel.html\">r</a><p data-src=\"/nope\">3 < 4</p></body></html>";
        String p = "/api/v1/namespaces/ns/services/web/proxy";
        assertThat(links.rewriteHtml(html)).isEqualTo("<!DOCTYPE html><html><head><link rel=stylesheet href=" + p + "/s.css>"
                + "<script src='" + p + "/app.js'></script><script>var a = '<a href=\"/no\">';</script>"
                + "<!-- <a href=\"/comment\"> --></head>"
                + "<body><a class=\"x\" href=\"" + p + "/docs/\" title=\"/not-a-link\">docs</a>"
                + "<IMG SRC=\"" + p + "/i.png\" alt=x><form action=\"" + p + "/post\" method=post>"
                + "<input type=submit disabled></form>"
                + "<a href=\"rel.html\">r</a><p data-src=\"/nope\">3 < 4</p></body></html>");
    }

    @Test
    void subpathStartsAfterTheProxySegment() {
        String ns = "/api/v1/namespaces/ns/services/web:http/proxy/a/b/";
        assertThat(ns.substring(ResourceProxy.subpathStart(ns, 7))).isEqualTo("/a/b/");
        String node = "/api/v1/nodes/n1/proxy";
        assertThat(node.substring(ResourceProxy.subpathStart(node, 5))).isEmpty();
        String slash = "/api/v1/nodes/n1/proxy/";
        assertThat(slash.substring(ResourceProxy.subpathStart(slash, 5))).isEqualTo("/");
    }
}
