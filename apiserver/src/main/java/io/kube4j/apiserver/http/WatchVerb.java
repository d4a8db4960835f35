package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.watch.CacheEvent;
import io.kube4j.apiserver.watch.CacheWatcher;
import io.kube4j.apiserver.watch.EventType;
import io.kube4j.apiserver.watch.ResourceCache;
import io.kube4j.apiserver.watch.WatchFilter;
import io.kube4j.apiserver.watch.WatchSink;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * WATCH, as a chunked stream of {@code {"type","object"}} lines or over a WebSocket, served from
 * the watch cache with upstream's semantics: no resourceVersion (or 0) starts with the current
 * state as ADDED events; {@code N} resumes after N (an ERROR event with 410 Expired when N is no
 * longer in the cache's window); {@code sendInitialEvents=true} ends the initial state with a
 * BOOKMARK annotated {@code k8s.io/initial-events-end}; {@code allowWatchBookmarks} adds periodic
 * bookmarks; {@code timeoutSeconds} ends the watch (default 30–60 minutes, as upstream).
 */
final class WatchVerb {

    private final ScheduledExecutorService timer;
    private final ServerWebSocketContainer webSockets;

    WatchVerb(ScheduledExecutorService timer, ServerWebSocketContainer webSockets) {
        this.timer = timer;
        this.webSockets = webSockets;
    }

    /** A planned watch: where to start, what to send first. */
    private record Plan(WatchFilter filter, long fromRevision, boolean initial, boolean endBookmark, boolean bookmarks,
            long timeoutSeconds, ApiException error) {
    }

    void watch(Call call) {
        Plan plan = plan(call);
        String upgrade = call.request().getHeaders().get(HttpHeader.UPGRADE);
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket") && webSockets != null) {
            boolean upgraded = webSockets.upgrade((req, resp, cb) -> new Endpoint(call, plan), call.request(),
                    call.response(), call.callback());
            if (!upgraded) {
                throw new ApiException.BadRequest("unable to upgrade the watch to a WebSocket");
            }
            return;
        }
        Response response = call.response();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        HttpWatchSink sink = new HttpWatchSink(response, call.callback());
        call.request().addIdleTimeoutListener(t -> false);
        // Commit the headers now: clients wait for them before reading events.
        response.write(false, BufferUtil.EMPTY_BUFFER, org.eclipse.jetty.util.Callback.from(() -> start(call, plan, sink),
                sink::abort));
    }

    /** Starts feeding the sink; returns the watcher, or null when the watch ended at once. */
    private CacheWatcher start(Call call, Plan plan, WatchSink sink) {
        if (plan.error() != null) {
            sendError(sink, plan.error());
            return null;
        }
        ResourceCache cache = call.resource().cache();
        CacheWatcher watcher;
        try {
            watcher = cache.watch(plan.filter(), sink, plan.fromRevision(), plan.initial(), plan.endBookmark(),
                    plan.bookmarks());
        } catch (ApiException e) {
            sendError(sink, e);
            return null;
        }
        timer.schedule(watcher::finish, plan.timeoutSeconds(), TimeUnit.SECONDS);
        call.request().addFailureListener(t -> watcher.finish());
        return watcher;
    }

    /** Upstream sends a failed watch start as one ERROR event carrying the Status, then ends. */
    private static void sendError(WatchSink sink, ApiException e) {
        byte[] status = KubeJson.json().writeValueAsBytes(e.toStatus());
        sink.write(CacheEvent.frame(EventType.ERROR, status), org.eclipse.jetty.util.Callback.from(sink::close,
                sink::abort));
    }

    private Plan plan(Call call) {
        WatchFilter filter = Selectors.filter(call);
        String rv = call.param("resourceVersion");
        String match = call.param("resourceVersionMatch");
        String sendInitial = call.param("sendInitialEvents");
        boolean bookmarks = call.flag("allowWatchBookmarks");
        long timeout = call.longParam("timeoutSeconds", 0);
        if (timeout <= 0) {
            timeout = 1800 + ThreadLocalRandom.current().nextLong(1800);
        }
        ResourceCache cache = call.resource().cache();
        if ("true".equals(sendInitial)) {
            if (!bookmarks || !"NotOlderThan".equals(match)) {
                throw new ApiException.Invalid("ListOptions", "meta.k8s.io", "", List.of(FieldError.forbidden(
                        "sendInitialEvents", "sendInitialEvents is forbidden for watch unless the WatchList feature "
                                + "gate is enabled and allowWatchBookmarks is true and resourceVersionMatch is "
                                + "NotOlderThan")));
            }
            waitFresh(call, cache, rv);
            return new Plan(filter, 0, true, true, true, timeout, null);
        }
        if (match != null && !match.isEmpty()) {
            throw new ApiException.BadRequest("resourceVersionMatch is forbidden for watch");
        }
        if (rv == null || rv.isEmpty() || rv.equals("0")) {
            if (!"false".equals(sendInitial)) {
                if (rv == null || rv.isEmpty()) {
                    waitFresh(call, cache, rv);
                }
                return new Plan(filter, 0, true, false, bookmarks, timeout, null);
            }
            return new Plan(filter, cache.revision(), false, false, bookmarks, timeout, null);
        }
        long from = ReadVerbs.parseRevision(rv);
        try {
            if (from > cache.revision()) {
                cache.waitFor(from, ReadVerbs.FRESHNESS_WAIT);
            }
        } catch (ApiException.Timeout e) {
            return new Plan(filter, from, false, false, bookmarks, timeout, e);
        }
        return new Plan(filter, from, false, false, bookmarks, timeout, null);
    }

    private static void waitFresh(Call call, ResourceCache cache, String rv) {
        if (rv == null || rv.isEmpty()) {
            cache.waitFor(call.resource().storeRevision(), ReadVerbs.FRESHNESS_WAIT);
        } else if (!rv.equals("0")) {
            cache.waitFor(ReadVerbs.parseRevision(rv), ReadVerbs.FRESHNESS_WAIT);
        }
    }

    /**
     * The WebSocket end of one watch. Public because Jetty binds the listener methods through
     * {@code MethodHandles.publicLookup()}: a private class fails every upgrade with a 500.
     */
    public final class Endpoint implements Session.Listener.AutoDemanding {
        private final Call call;
        private final Plan plan;
        private volatile WatchSink sink;
        private volatile CacheWatcher watcher;

        Endpoint(Call call, Plan plan) {
            this.call = call;
            this.plan = plan;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            sink = new WebSocketWatchSink(session);
            watcher = start(call, plan, sink);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
            CacheWatcher w = watcher;
            if (w != null) {
                w.finish();
            }
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            CacheWatcher w = watcher;
            if (w != null) {
                w.finish();
            }
            WatchSink s = sink;
            if (s != null) {
                s.abort(cause);
            }
        }
    }
}
