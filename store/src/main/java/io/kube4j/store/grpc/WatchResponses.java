package io.kube4j.store.grpc;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.api.WatchResponse;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.StoreException;
import java.util.List;

/**
 * The shapes of etcd's watch responses, as etcd's watch server sends them. Stateless.
 */
final class WatchResponses {
  /** The watch id of answers that concern no single watch (failed creates, stream progress). */
  static final long NO_WATCH = -1;
  /** etcd's reason for a create whose range is empty (key &ge; range end). */
  static final String EMPTY_RANGE = "mvcc: watcher range is empty";
  /** etcd's reason for a create naming a watch id the stream already uses. */
  static final String DUPLICATE_ID = "mvcc: duplicate watch ID provided on the WatchStream";

  private WatchResponses() {}

  /** Why etcd refuses to create this watch (a negative start, an empty range), or null. */
  static String refusal(io.kube4j.store.api.WatchRequest request) {
    if (request.startRevision() < 0) {
      return new StoreException.Compacted(0).getMessage();
    }
    Bytes end = request.rangeEnd();
    if (!end.isEmpty() && !end.equals(Bytes.ZERO) && request.key().compareTo(end) >= 0) {
      return EMPTY_RANGE;
    }
    return null;
  }

  static WatchResponse created(ResponseHeader header, long watchId) {
    return WatchResponse.newBuilder().setHeader(header).setWatchId(watchId).setCreated(true).build();
  }

  /** A create that failed: created and canceled at once, with no watch id, as etcd answers. */
  static WatchResponse createFailed(ResponseHeader header, String reason) {
    return WatchResponse.newBuilder().setHeader(header).setWatchId(NO_WATCH).setCreated(true).setCanceled(true)
        .setCancelReason(reason).build();
  }

  static WatchResponse canceled(ResponseHeader header, long watchId, String reason) {
    return WatchResponse.newBuilder().setHeader(header).setWatchId(watchId).setCanceled(true)
        .setCancelReason(reason).build();
  }

  /** The watch's start revision is compacted: canceled with the compact revision and no reason. */
  static WatchResponse compacted(ResponseHeader header, long watchId, long compactRevision) {
    return WatchResponse.newBuilder().setHeader(header).setWatchId(watchId).setCanceled(true)
        .setCompactRevision(compactRevision).build();
  }

  static WatchResponse events(ResponseHeader header, long watchId, List<Event> events) {
    return WatchResponse.newBuilder().setHeader(header).setWatchId(watchId).addAllEvents(events).build();
  }

  /** Nothing for this watch (or, with {@link #NO_WATCH}, for any watch of the stream) up to the header's revision. */
  static WatchResponse progress(ResponseHeader header, long watchId) {
    return WatchResponse.newBuilder().setHeader(header).setWatchId(watchId).build();
  }

  /** Created and canceled answers must reach the client even when a slow stream sheds its backlog. */
  static boolean isControl(WatchResponse response) {
    return response.getCreated() || response.getCanceled();
  }
}
