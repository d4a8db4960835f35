package io.kube4j.apiserver.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a backend's links go back through the proxy, as upstream's {@code proxy.Transport}:
 * a same-host absolute path (or an absolute URL to the backend or to the host the client asked)
 * gets the proxy path prefix (e.g. {@code /api/v1/namespaces/ns/services/web/proxy}); relative
 * links and links to other hosts stay as they are. Used for {@code Location} headers and for the
 * link attributes of {@code text/html} bodies (upstream's list of tag/attribute pairs). The HTML
 * scan is a small tokenizer, not a parser: it skips comments and the text of {@code script} and
 * {@code style} elements and rewrites quoted or unquoted attribute values in place. Immutable.
 *
 * @param prefix      the proxy path prefix, encoded, without a trailing slash
 * @param backendHost {@code host:port} the request was sent to
 * @param clientHost  the {@code Host} the client addressed the apiserver by (may be null)
 */
public record ProxyLinks(String prefix, String backendHost, String clientHost) {

    private static final Pattern URL = Pattern.compile("^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(.*)$",
            Pattern.DOTALL);
    private static final Map<String, Set<String>> LINK_ATTRIBUTES = Map.ofEntries(
            Map.entry("a", Set.of("href")), Map.entry("applet", Set.of("codebase")), Map.entry("area", Set.of("href")),
            Map.entry("audio", Set.of("src")), Map.entry("base", Set.of("href")), Map.entry("blockquote", Set.of("cite")),
            Map.entry("body", Set.of("background")), Map.entry("button", Set.of("formaction")),
            Map.entry("command", Set.of("icon")), Map.entry("del", Set.of("cite")), Map.entry("embed", Set.of("src")),
            Map.entry("form", Set.of("action")), Map.entry("html", Set.of("manifest")),
            Map.entry("iframe", Set.of("longdesc", "src")), Map.entry("img", Set.of("longdesc", "src", "usemap")),
            Map.entry("ins", Set.of("cite")), Map.entry("input", Set.of("formaction", "src")),
            Map.entry("link", Set.of("href")), Map.entry("object", Set.of("classid", "codebase", "data", "usemap")),
            Map.entry("q", Set.of("cite")), Map.entry("script", Set.of("src")), Map.entry("source", Set.of("src")),
            Map.entry("video", Set.of("poster", "src")));

    /** One link rewritten (upstream's rewriteURL), or returned unchanged. */
    public String rewrite(String link) {
        Matcher m = URL.matcher(link);
        if (!m.matches()) {
            return link;
        }
        String scheme = m.group(1);
        String host = m.group(2);
        String path = m.group(3);
        String rest = m.group(4);
        boolean otherHost = host != null && !host.isEmpty() && !host.equals(backendHost) && !host.equals(clientHost);
        if (otherHost || !path.startsWith("/")) {
            return link;
        }
        // The apiserver knows no scheme or host of its own: links lose the backend's, but keep the
        // client's own host when they already name it.
        boolean keepAuthority = host != null && !host.isEmpty() && host.equals(clientHost);
        String authority = keepAuthority ? (scheme == null ? "" : scheme + ":") + "//" + host : "";
        if (path.startsWith(prefix)) {
            return authority + path + rest;
        }
        String joined = clean(prefix + path);
        if (path.endsWith("/") && !joined.endsWith("/")) {
            joined += "/";
        }
        return authority + joined + rest;
    }

    /** The HTML with its link attributes rewritten. */
    public String rewriteHtml(String html) {
        StringBuilder out = new StringBuilder(html.length() + 256);
        int i = 0;
        int n = html.length();
        while (i < n) {
            int lt = html.indexOf('<', i);
            if (lt < 0) {
                out.append(html, i, n);
                break;
            }
            out.append(html, i, lt);
            if (html.startsWith("<!--", lt)) {
                int end = html.indexOf("-->", lt + 4);
                int stop = end < 0 ? n : end + 3;
                out.append(html, lt, stop);
                i = stop;
                continue;
            }
            int nameStart = lt + 1;
            int j = nameStart;
            while (j < n && (Character.isLetterOrDigit(html.charAt(j)))) {
                j++;
            }
            if (j == nameStart) {
                out.append('<');
                i = lt + 1;
                continue;
            }
            String tag = html.substring(nameStart, j).toLowerCase(Locale.ROOT);
            out.append(html, lt, j);
            i = tag(html, j, out, LINK_ATTRIBUTES.getOrDefault(tag, Set.of()));
            if (tag.equals("script") || tag.equals("style")) {
                int close = html.toLowerCase(Locale.ROOT).indexOf("</" + tag, i);
                int stop = close < 0 ? n : close;
                out.append(html, i, stop);
                i = stop;
            }
        }
        return out.toString();
    }

    /** Copies a start tag's attributes from {@code i} through its {@code >}, rewriting {@code links}; returns the next index. */
    private int tag(String html, int i, StringBuilder out, Set<String> links) {
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '>') {
                out.append(c);
                return i + 1;
            }
            if (Character.isWhitespace(c) || c == '/') {
                out.append(c);
                i++;
                continue;
            }
            int nameStart = i;
            while (i < n && !Character.isWhitespace(html.charAt(i)) && "=>/".indexOf(html.charAt(i)) < 0) {
                i++;
            }
            String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
            out.append(html, nameStart, i);
            int eq = i;
            while (eq < n && Character.isWhitespace(html.charAt(eq))) {
                eq++;
            }
            if (eq >= n || html.charAt(eq) != '=') {
                continue;
            }
            int v = eq + 1;
            while (v < n && Character.isWhitespace(html.charAt(v))) {
                v++;
            }
            out.append(html, i, v);
            if (v >= n) {
                return n;
            }
            char quote = html.charAt(v);
            int valueStart;
            int valueEnd;
            if (quote == '"' || quote == '\'') {
                valueStart = v + 1;
                valueEnd = html.indexOf(quote, valueStart);
                if (valueEnd < 0) {
                    valueEnd = n;
                }
            } else {
                valueStart = v;
                valueEnd = v;
                while (valueEnd < n && !Character.isWhitespace(html.charAt(valueEnd)) && html.charAt(valueEnd) != '>') {
                    valueEnd++;
                }
            }
            String value = html.substring(valueStart, valueEnd);
            if (valueStart > v) {
                out.append(quote);
            }
            out.append(links.contains(name) ? rewrite(value) : value);
            i = valueEnd;
            if (valueStart > v && valueEnd < n) {
                out.append(quote);
                i = valueEnd + 1;
            }
        }
        return n;
    }

    /** Go's path.Clean for an absolute path: no empty, "." or resolved ".." segments. */
    static String clean(String path) {
        List<String> kept = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!kept.isEmpty()) {
                    kept.removeLast();
                }
                continue;
            }
            kept.add(seg);
        }
        return "/" + String.join("/", kept);
    }
}
