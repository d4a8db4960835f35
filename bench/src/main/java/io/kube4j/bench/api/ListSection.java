package io.kube4j.bench.api;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.bench.ClosedLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * LIST of a whole namespace of pods, three ways: the default (a consistent read, served from the
 * watch cache once it has caught up with the store), {@code resourceVersion=0} (whatever the cache
 * holds) and pages of {@code limit=500} followed through their continue tokens. Closed loop; the
 * first list of each kind is parsed and its items counted, so a short answer fails the section.
 */
final class ListSection {
  static final String TITLE = "LIST pods of a namespace (closed loop)";
  private static final Logger LOG = LoggerFactory.getLogger(ListSection.class);
  private static final int PAGE = 500;
  /** The continue token sits in the list's metadata, which the server writes before the items. */
  private static final Pattern CONTINUE = Pattern.compile("\"continue\"\\s*:\\s*\"([^\"]*)\"");

  private enum Kind {
    CONSISTENT("default (consistent)"), CACHED("resourceVersion=0"), PAGED("limit=" + PAGE + " pages");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private ListSection() {}

  static String description(ApiBenchOptions options) {
    return options.listClients() + " concurrent clients for " + options.listSeconds() + " s per cell; namespaces of "
        + options.smallList() + " and " + options.largeList() + " pods (~2.8 KiB each as stored; every "
        + "namespace's pods share one watch cache). A paged list counts as one list: all its pages, in order.";
  }

  static void run(RunContext context) throws IOException, InterruptedException {
    ApiBenchOptions options = context.options();
    for (var set : new Object[][] {{RunContext.SMALL_NAMESPACE, options.smallList()},
        {RunContext.LARGE_NAMESPACE, options.largeList()}}) {
      String ns = (String) set[0];
      int pods = (Integer) set[1];
      for (Kind kind : Kind.values()) {
        LOG.info("    LIST {} pods, {}", pods, kind.label);
        String base = RunContext.podsPath(ns);
        int counted = countItems(context, base, kind);
        if (counted != pods) {
          throw new IOException("LIST " + base + " (" + kind.label + ") returned " + counted + " pods, expected " + pods);
        }
        long timeout = options.requestTimeout().toSeconds();
        ClosedLoop.Outcome outcome = ClosedLoop.run(options.listClients(), Long.MAX_VALUE,
            Duration.ofSeconds(options.listSeconds()), (client, seq) -> {
              switch (kind) {
                case CONSISTENT -> context.api().getCounting(base).get(timeout, TimeUnit.SECONDS);
                case CACHED -> context.api().getCounting(base + "?resourceVersion=0").get(timeout, TimeUnit.SECONDS);
                case PAGED -> pages(context, base, timeout);
              }
            });
        String what = "LIST " + pods + ", " + kind.label;
        context.report().record(TITLE, what + ", lists/s", outcome.opsPerSecond());
        if (outcome.succeeded() > 0) {
          context.report().record(TITLE, what + ", p50 (ms)", outcome.latencies().percentileMillis(0.5));
          context.report().record(TITLE, what + ", p99 (ms)", outcome.latencies().percentileMillis(0.99));
        }
        if (outcome.errors() > 0) {
          throw new IOException(what + ": " + outcome.errors() + " errors, first: " + outcome.firstError());
        }
      }
    }
  }

  /** Lists once and counts the items (all pages of a paged list). */
  private static int countItems(RunContext context, String base, Kind kind) throws IOException, InterruptedException {
    String query = switch (kind) {
      case CONSISTENT -> "";
      case CACHED -> "?resourceVersion=0";
      case PAGED -> "?limit=" + PAGE;
    };
    int items = 0;
    String token = null;
    int pages = 0;
    do {
      String path = token == null ? base + query : base + query + "&continue=" + encode(token);
      JsonNode list = KubeJson.json().readTree(context.api().call("GET", path, null));
      items += list.path("items").size();
      token = list.path("metadata").path("continue").asString("");
      pages++;
      if (kind == Kind.PAGED && list.path("items").size() > PAGE) {
        throw new IOException("a page of limit=" + PAGE + " held " + list.path("items").size() + " items");
      }
    } while (kind == Kind.PAGED && !token.isEmpty() && pages < 10_000);
    return items;
  }

  /** One paged list: follows the continue tokens to the end. */
  private static void pages(RunContext context, String base, long timeout) throws Exception {
    String token = "";
    int pages = 0;
    do {
      String path = base + "?limit=" + PAGE + (token.isEmpty() ? "" : "&continue=" + encode(token));
      byte[] body = context.api().send("GET", path, null).get(timeout, TimeUnit.SECONDS);
      token = continueToken(body);
      if (++pages > 10_000) {
        throw new IOException("more than 10,000 pages: the continue tokens do not end");
      }
    } while (!token.isEmpty());
  }

  private static String encode(String token) {
    return java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** The continue token of a list body ("" on the last page), read from its first 4 KiB. */
  static String continueToken(byte[] body) {
    String head = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
    int items = head.indexOf("\"items\"");
    Matcher matcher = CONTINUE.matcher(items < 0 ? head : head.substring(0, items));
    return matcher.find() ? matcher.group(1) : "";
  }
}
