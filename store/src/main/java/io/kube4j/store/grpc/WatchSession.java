package io.kube4j.store.grpc;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.proto.EtcdProtoExtensions;
import io.kube4j.store.proto.WatchProtoCodec;
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
  private final Runnable onShed;
  private final ReentrantLock lock = new ReentrantLock();
  // All guarded by lock.
  private final Map<Long, WatchEntry> entries = new HashMap<>();
  private long nextId;
  private boolean closed;
  private boolean overflowing;
  private long streamRevision; // the highest revision any watch of this stream reported
  private ProgressRound progressRound; // the pending stream progress request, else null
  private ScheduledFuture<?> ticker;

  private WatchSession(KvStore kv, ResponseHeaders headers, WatchSettings settings,
      ServerCallStreamObserver<WatchResponse> call, Consumer<WatchSession> onEnd, Runnable onShed) {
    this.kv = kv;
    this.headers = headers;
    this.settings = settings;
    this.out = new OutboundQueue<>(call);
    this.onEnd = onEnd;
    this.onShed = onShed;
  }

  /** Opens a session on a starting call; {@code onEnd} runs when it ends, {@code onShed} when it sheds. */
  static WatchSession open(KvStore kv, ResponseHeaders headers, WatchSettings settings,
      ServerCallStreamObserver<WatchResponse> call, ScheduledExecutorService scheduler,
      Consumer<WatchSession> onEnd, Runnable onShed) {
    WatchSession session = new WatchSession(kv, headers, settings, call, onEnd, onShed);
    call.setOnCancelHandler(() -> session.end(OutboundQueue::abandon));
    long periodMs = Math.max(1, settings.progressNotifyInterval().toMillis());
    ScheduledFuture<?> ticker = scheduler.scheduleAtFixedRate(
        () -> Thread.ofVirtual().start(session::tick), periodMs, periodMs, TimeUnit.MILLISECONDS);
    session.underLock(() -> session.ticker = ticker);
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
    io.kube4j.store.api.WatchRequest watchRequest = WatchProtoCodec.fromProto(request);
    String refusal = WatchResponses.refusal(watchRequest);
    if (refusal != null) {
      underLock(() -> offer(WatchResponses.createFailed(headers.at(revision), refusal)));
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
    } catch (StoreException e) {
      underLock(() -> {
        entries.remove(entry.id);
        offer(WatchResponses.createFailed(headers.at(revision), e.getMessage()));
      });
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
    List<Watch> toClose = new ArrayList<>(1);
    underLock(() -> {
      WatchEntry entry = entries.remove(watchId);
      if (entry == null) {
        return; // etcd answers nothing for an unknown id
      }
      entry.ended = true;
      if (entry.storeWatch != null) {
        toClose.add(entry.storeWatch);
      }
      offer(WatchResponses.canceled(header, watchId, ""));
      progressSettled(watchId);
    });
    toClose.forEach(Watch::close);
  }

  /**
   * A stream progress request. Answered with one response for no watch in particular (id -1), as
   * etcd does, at a revision every watch of the stream has reached: each watch is asked for its
   * progress, and the answer goes once all have replied, after anything they queued before.
   */
  private void requestProgress() {
    List<Watch> ask = new ArrayList<>();
    underLock(() -> {
      if (progressRound == null) {
        Set<Long> live = new HashSet<>();
        entries.values().stream().filter(e -> !e.ended && e.storeWatch != null).forEach(e -> live.add(e.id));
        progressRound = live.isEmpty() ? null : new ProgressRound(live);
      }
      if (progressRound != null) {
        progressRound.waiting().forEach(id -> ask.add(entries.get(id).storeWatch));
      }
    });
    if (ask.isEmpty()) {
      ResponseHeader header = headers.current();
      underLock(() -> offer(WatchResponses.progress(header, WatchResponses.NO_WATCH)));
      return;
    }
    ask.forEach(Watch::requestProgress);
  }

  /** The periodic progress of idle progress_notify watches; one with events since the last tick is skipped. */
  private void tick() {
    List<Watch> ask = new ArrayList<>();
    underLock(() -> {
      for (WatchEntry entry : entries.values()) {
        if (!entry.ended && entry.progressNotify && entry.storeWatch != null) {
          if (!entry.eventsSinceTick) {
            ask.add(entry.storeWatch);
          }
          entry.eventsSinceTick = false;
        }
      }
    });
    ask.forEach(w -> quietly(w, Watch::requestProgress));
  }

  /** Closing or pinging a store watch must not stop us from doing the same for the others. */
  private static void quietly(Watch watch, Consumer<Watch> action) {
    try {
      action.accept(watch);
    } catch (RuntimeException e) {
      log.debug("A store watch refused a call: {}", e.toString());
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
      progressRound = null;
      tickerToStop = ticker;
    } finally {
      lock.unlock();
    }
    if (tickerToStop != null) {
      tickerToStop.cancel(false);
    }
    finish.accept(out);
    toClose.forEach(w -> quietly(w, Watch::close));
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

  private void underLock(Runnable action) {
    lock.lock();
    try {
      if (!closed) {
        action.run();
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
    progressRound = null;
    overflowing = false;
    log.warn("Watch stream overflow: {} bytes pending; cancelled {} watches", pending, toClose.size());
    onShed.run();
    // Not from here: this may be a store thread inside a listener call of one of these watches.
    if (!toClose.isEmpty()) {
      Thread.ofVirtual().start(() -> toClose.forEach(Watch::close));
    }
  }

  /** A watch answered a progress request, or ended; the stream answer goes once all have. */
  private void progressSettled(long watchId) {
    if (progressRound != null && progressRound.settle(watchId)) {
      long revision = progressRound.revision(entries, streamRevision);
      progressRound = null;
      offer(WatchResponses.progress(headers.at(revision), WatchResponses.NO_WATCH));
    }
  }

  /** One watch of this stream, as the store reports on it. Ignored once the watch or stream ended. */
  private final class Listener implements WatchListener {
    private final WatchEntry entry;

    Listener(WatchEntry entry) {
      this.entry = entry;
    }

    private void whileRunning(Runnable action) {
      underLock(() -> {
        if (!entry.ended) {
          action.run();
        }
      });
    }

    @Override
    public void onEvents(long revision, List<WatchEvent> events) {
      List<Event> protos = events.stream().map(WatchProtoCodec::toProto).toList(); // outside the lock
      long lastModRevision = events.isEmpty() ? 0 : events.getLast().kv().modRevision();
      whileRunning(() -> {
        streamRevision = Math.max(streamRevision, revision);
        entry.eventsSinceTick = true;
        entry.deliveredRevision = Math.max(entry.deliveredRevision, lastModRevision);
        emit(entry, WatchResponses.events(headers.at(revision), entry.id, protos));
      });
    }

    @Override
    public void onProgress(long revision) {
      whileRunning(() -> {
        streamRevision = Math.max(streamRevision, revision);
        entry.deliveredRevision = Math.max(entry.deliveredRevision, revision);
        if (entry.progressNotify) {
          emit(entry, WatchResponses.progress(headers.at(revision), entry.id));
        }
        progressSettled(entry.id);
      });
    }

    /** Only an end we did not cause is reported: a cancel or overflow has been answered already. */
    @Override
    public void onCancelled(StoreException cause) {
      whileRunning(() -> {
        entry.ended = true;
        if (cause instanceof StoreException.Compacted compacted) {
          // As etcd: canceled with the compact revision, no reason, header revision 0.
          emit(entry, WatchResponses.compacted(headers.at(0), entry.id, compacted.compactRevision()));
        } else {
          String reason = cause == null ? CLOSED_BY_STORE : cause.getMessage();
          emit(entry, WatchResponses.canceled(headers.at(streamRevision), entry.id, reason));
        }
        progressSettled(entry.id);
      });
    }
  }
}
