package io.kube4j.store.grpc;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Watch stream: the watches a client created on it, and the responses on their way back.
 *
 * <p>Requests arrive one at a time on a gRPC (virtual) thread; events, progress and cancellations
 * arrive on store threads. One lock orders everything a stream sends: a watch's "created" precedes
 * its events (those that come earlier wait in the watch's entry), and cancellations follow what was
 * queued before them. Store threads never wait for the client: responses wait in an
 * {@link OutboundQueue}, and past {@link WatchSettings#maxPendingBytesPerStream()} the stream's
 * watches are cancelled with a reason, their queued events dropped (clients re-watch from their last
 * revision, so nothing is lost). Store watches are closed outside the lock, never from a store thread
 * inside a listener call.
 */
final class WatchSession implements StreamObserver<WatchRequest> {
  private static final Logger log = LoggerFactory.getLogger(WatchSession.class);
  private static final String CLOSED_BY_STORE = "kube4j: watch closed by the store";

  private final KvStore kv;
  private final ResponseHeaders headers;
  private final WatchSettings settings;
  private final OutboundQueue<WatchResponse> out;
  private final Consumer<WatchSession> onEnd;
  private final ReentrantLock lock = new ReentrantLock();
  // All guarded by lock.
  private final Map<Long, WatchEntry> entries = new HashMap<>();
  private long nextId;
  private boolean closed;
  private boolean overflowing;
  private long streamRevision; // the highest revision any watch of this stream reported
  private Set<Long> progressMembers; // the watches a pending stream progress request covers, else null
  private Set<Long> progressWaiting; // those of them that have not answered yet
  private ScheduledFuture<?> ticker;

  private WatchSession(KvStore kv, ResponseHeaders headers, WatchSettings settings,
      ServerCallStreamObserver<WatchResponse> call, Consumer<WatchSession> onEnd) {
    this.kv = kv;
    this.headers = headers;
    this.settings = settings;
    this.out = new OutboundQueue<>(call);
    this.onEnd = onEnd;
  }

  /** Opens a session on a call that is starting; {@code onEnd} runs once when it is over. */
  static WatchSession open(KvStore kv, ResponseHeaders headers, WatchSettings settings,
      ServerCallStreamObserver<WatchResponse> call, ScheduledExecutorService scheduler,
      Consumer<WatchSession> onEnd) {
    WatchSession session = new WatchSession(kv, headers, settings, call, onEnd);
    call.setOnCancelHandler(() -> session.end(OutboundQueue::abandon));
    long periodMs = Math.max(1, settings.progressNotifyInterval().toMillis());
    ScheduledFuture<?> ticker = scheduler.scheduleAtFixedRate(
        () -> Thread.ofVirtual().start(session::tick), periodMs, periodMs, TimeUnit.MILLISECONDS);
    session.lock.lock();
    try {
      session.ticker = ticker;
    } finally {
      session.lock.unlock();
    }
    return session;
  }

  @Override
  public void onNext(WatchRequest request) {
    try {
      switch (request.getRequestUnionCase()) {
        case CREATE_REQUEST -> create(request.getCreateRequest());
        case CANCEL_REQUEST -> cancel(request.getCancelRequest().getWatchId());
        case PROGRESS_REQUEST -> requestProgress();
        // etcd ignores what it does not understand rather than end the whole stream.
        case REQUESTUNION_NOT_SET -> log.debug("Ignoring an empty watch request");
      }
    } catch (RuntimeException e) {
      Status status = GrpcErrors.toStatus(e);
      log.warn("Ending a watch stream: {}", status);
      end(queue -> queue.fail(status));
    }
  }

  @Override
  public void onError(Throwable t) {
    log.debug("Watch stream failed: {}", t.toString());
    end(OutboundQueue::abandon);
  }

  /** The client half-closed: its watches end, and the stream ends once what is queued is sent. */
  @Override
  public void onCompleted() {
    end(OutboundQueue::completeAfterDrain);
  }

  /** The server is stopping: end the stream now so that clients move to another member. */
  void serverClosing() {
    end(queue -> queue.fail(Status.UNAVAILABLE.withDescription("etcdserver: server stopped")));
  }

  private void create(WatchCreateRequest request) {
    long requestedId = EtcdProtoExtensions.watchId(request);
    // The header revision is read before the watch starts, so it never claims events it may miss.
    long revision = headers.currentRevision();
    if (request.getStartRevision() < 0) {
      offerLocked(WatchResponses.createFailed(headers.at(revision), new StoreException.Compacted(0).getMessage()));
      return;
    }
    io.kube4j.store.api.WatchRequest watchRequest = ProtoCodec.fromProto(request);
    Bytes end = watchRequest.rangeEnd();
    if (!end.isEmpty() && !end.equals(Bytes.ZERO) && watchRequest.key().compareTo(end) >= 0) {
      offerLocked(WatchResponses.createFailed(headers.at(revision), WatchResponses.EMPTY_RANGE));
      return;
    }
    WatchEntry entry;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (requestedId != 0 && entries.containsKey(requestedId)) {
        offer(WatchResponses.createFailed(headers.at(revision), WatchResponses.DUPLICATE_ID));
        return;
      }
      long id = requestedId;
      if (id == 0) {
        while (entries.containsKey(nextId)) {
          nextId++;
        }
        id = nextId++;
      }
      entry = new WatchEntry(id, watchRequest.progressNotify());
      entries.put(id, entry);
    } finally {
      lock.unlock();
    }
    Watch watch;
    try {
      watch = kv.watch(watchRequest, new Listener(entry));
    } catch (StoreException.Compacted e) {
      // A store that refuses at once rather than through onCancelled: answer as etcd still does.
      lock.lock();
      try {
        entry.ended = true;
        emit(entry, WatchResponses.compacted(headers.at(0), entry.id, e.compactRevision()));
        announce(entry, revision);
      } finally {
        lock.unlock();
      }
      return;
    } catch (StoreException e) {
      lock.lock();
      try {
        entries.remove(entry.id);
        offer(WatchResponses.createFailed(headers.at(revision), e.getMessage()));
      } finally {
        lock.unlock();
      }
      return;
    }
    boolean closeNow;
    lock.lock();
    try {
      entry.storeWatch = watch;
      closeNow = closed || entry.ended; // the stream ended, or the watch was shed, meanwhile
      if (!closed) {
        announce(entry, revision);
      }
    } finally {
      lock.unlock();
    }
    if (closeNow) {
      watch.close();
    }
  }

  private void cancel(long watchId) {
    ResponseHeader header = headers.current();
    Watch storeWatch;
    lock.lock();
    try {
      WatchEntry entry = entries.remove(watchId);
      if (entry == null || closed) {
        return; // etcd answers nothing for an unknown id
      }
      entry.ended = true;
      storeWatch = entry.storeWatch;
      offer(WatchResponses.canceled(header, watchId, ""));
      progressSettled(watchId);
    } finally {
      lock.unlock();
    }
    if (storeWatch != null) {
      storeWatch.close();
    }
  }

  /**
   * A stream progress request. Answered with one response for no watch in particular (id -1), as
   * etcd does, at a revision every watch of the stream has reached: each watch is asked for its
   * progress, and the answer goes once all have replied, after anything they queued before.
   */
  private void requestProgress() {
    List<Watch> ask = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (progressWaiting == null) {
        Set<Long> live = new HashSet<>();
        entries.values().stream().filter(e -> !e.ended && e.storeWatch != null).forEach(e -> live.add(e.id));
        if (!live.isEmpty()) {
          progressMembers = live;
          progressWaiting = new HashSet<>(live);
        }
      }
      if (progressWaiting != null) {
        progressWaiting.forEach(id -> ask.add(entries.get(id).storeWatch));
      }
    } finally {
      lock.unlock();
    }
    if (ask.isEmpty()) {
      offerLocked(WatchResponses.progress(headers.current(), WatchResponses.NO_WATCH));
      return;
    }
    ask.forEach(Watch::requestProgress);
  }

  /** The periodic progress of idle progress_notify watches; one with events since the last tick is skipped. */
  private void tick() {
    List<Watch> ask = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      for (WatchEntry entry : entries.values()) {
        if (!entry.ended && entry.progressNotify && entry.storeWatch != null) {
          if (!entry.eventsSinceTick) {
            ask.add(entry.storeWatch);
          }
          entry.eventsSinceTick = false;
        }
      }
    } finally {
      lock.unlock();
    }
    for (Watch watch : ask) {
      try {
        watch.requestProgress();
      } catch (RuntimeException e) {
        log.debug("Progress request failed: {}", e.toString());
      }
    }
  }

  private void end(Consumer<OutboundQueue<WatchResponse>> finish) {
    List<Watch> toClose = new ArrayList<>();
    ScheduledFuture<?> tickerToStop;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      entries.values().stream().filter(e -> e.storeWatch != null).forEach(e -> toClose.add(e.storeWatch));
      entries.clear();
      progressMembers = null;
      progressWaiting = null;
      tickerToStop = ticker;
    } finally {
      lock.unlock();
    }
    if (tickerToStop != null) {
      tickerToStop.cancel(false);
    }
    finish.accept(out);
    for (Watch watch : toClose) {
      try {
        watch.close();
      } catch (RuntimeException e) {
        log.debug("Closing a store watch failed: {}", e.toString());
      }
    }
    onEnd.accept(this);
  }

  // ------------------------------------------------------------------ under the lock

  private void announce(WatchEntry entry, long revision) {
    offer(WatchResponses.created(headers.at(revision), entry.id));
    entry.announced = true;
    List<WatchResponse> early = entry.early;
    entry.early = null;
    early.forEach(this::offer);
  }

  private void emit(WatchEntry entry, WatchResponse response) {
    if (entry.announced) {
      offer(response);
    } else {
      entry.early.add(response);
    }
  }

  private void offerLocked(WatchResponse response) {
    lock.lock();
    try {
      if (!closed) {
        offer(response);
      }
    } finally {
      lock.unlock();
    }
  }

  private void offer(WatchResponse response) {
    out.offer(response);
    if (!overflowing && out.queuedBytes() > settings.maxPendingBytesPerStream()) {
      overflow();
    }
  }

  private void overflow() {
    overflowing = true;
    long pending = out.queuedBytes();
    out.removeIf(r -> !WatchResponses.isControl(r));
    String reason = "kube4j: watch stream buffer overflow: the client read too slowly (" + pending
        + " bytes pending, limit " + settings.maxPendingBytesPerStream() + "); watch again from the last revision";
    List<Watch> toClose = new ArrayList<>();
    for (WatchEntry entry : entries.values()) {
      if (!entry.ended) {
        entry.ended = true;
        if (entry.storeWatch != null) {
          toClose.add(entry.storeWatch);
        }
        if (entry.early != null) {
          entry.early.removeIf(r -> !WatchResponses.isControl(r));
        }
        emit(entry, WatchResponses.canceled(headers.at(streamRevision), entry.id, reason));
      }
    }
    progressMembers = null;
    progressWaiting = null;
    overflowing = false;
    log.warn("Watch stream overflow: {} bytes pending; cancelled {} watches", pending, toClose.size());
    // Not from here: this may be a store thread inside a listener call of one of these watches.
    if (!toClose.isEmpty()) {
      Thread.ofVirtual().start(() -> toClose.forEach(Watch::close));
    }
  }

  /** A watch answered a progress request, or ended; the stream answer goes once all have. */
  private void progressSettled(long watchId) {
    if (progressWaiting == null || !progressWaiting.remove(watchId) || !progressWaiting.isEmpty()) {
      return;
    }
    long revision = Long.MAX_VALUE;
    for (long id : progressMembers) {
      WatchEntry entry = entries.get(id);
      if (entry != null && !entry.ended) {
        revision = Math.min(revision, entry.deliveredRevision);
      }
    }
    progressMembers = null;
    progressWaiting = null;
    offer(WatchResponses.progress(headers.at(revision == Long.MAX_VALUE ? streamRevision : revision),
        WatchResponses.NO_WATCH));
  }

  /** One watch of this stream, as the store reports on it. */
  private final class Listener implements WatchListener {
    private final WatchEntry entry;

    Listener(WatchEntry entry) {
      this.entry = entry;
    }

    @Override
    public void onEvents(long revision, List<WatchEvent> events) {
      List<Event> protos = events.stream().map(ProtoCodec::toProto).toList();
      long lastModRevision = events.isEmpty() ? 0 : events.getLast().kv().modRevision();
      lock.lock();
      try {
        if (closed || entry.ended) {
          return;
        }
        streamRevision = Math.max(streamRevision, revision);
        entry.eventsSinceTick = true;
        entry.deliveredRevision = Math.max(entry.deliveredRevision, lastModRevision);
        emit(entry, WatchResponses.events(headers.at(revision), entry.id, protos));
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onProgress(long revision) {
      lock.lock();
      try {
        if (closed || entry.ended) {
          return;
        }
        streamRevision = Math.max(streamRevision, revision);
        entry.deliveredRevision = Math.max(entry.deliveredRevision, revision);
        if (entry.progressNotify) {
          emit(entry, WatchResponses.progress(headers.at(revision), entry.id));
        }
        progressSettled(entry.id);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onCancelled(StoreException cause) {
      lock.lock();
      try {
        if (closed || entry.ended) {
          return; // we ended it ourselves, and said so already
        }
        entry.ended = true;
        if (cause instanceof StoreException.Compacted compacted) {
          // As etcd: canceled with the compact revision, no reason, header revision 0.
          emit(entry, WatchResponses.compacted(headers.at(0), entry.id, compacted.compactRevision()));
        } else {
          String reason = cause == null ? CLOSED_BY_STORE : cause.getMessage();
          emit(entry, WatchResponses.canceled(headers.at(streamRevision), entry.id, reason));
        }
        progressSettled(entry.id);
      } finally {
        lock.unlock();
      }
    }
  }
}
