package io.kube4j.store.etcd;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.etcd.jetcd.api.WatchGrpc;
import io.etcd.jetcd.api.WatchProgressRequest;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.proto.WatchProtoCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch on its own gRPC {@code Watch} stream.
 *
 * <p>One stream per watch (rather than etcd clientv3's multiplexing) keeps the mapping exact: the
 * stream carries this watch only, so every response on it, including a progress response to our
 * {@code WatchProgressRequest} (which etcd 3.4 sends with watch id -1), belongs to this watch, and
 * cancelling the watch is cancelling the stream. Each etcd response becomes one listener call, so the
 * grouping etcd chose (all events of a revision together, several revisions per response when
 * catching up) reaches the listener unchanged.
 *
 * <p>Thread-safe. Listener calls come from gRPC's executor, one at a time; {@link #close()} waits for a
 * listener call in progress (unless called from inside it), so no event is delivered after close
 * returns. A watch does not reconnect: when its stream fails, the listener is cancelled with
 * {@link StoreException.Unavailable} and the caller re-watches from its last revision, as the
 * apiserver's watch cache does.
 */
final class EtcdWatch implements Watch {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);

  private final WatchListener listener;
  private final Consumer<EtcdWatch> onFinished;
  private final CompletableFuture<Long> created = new CompletableFuture<>();
  private final ReentrantLock delivery = new ReentrantLock();
  private final Object sending = new Object();
  private ClientCallStreamObserver<WatchRequest> requests; // guarded by sending
  private boolean callCancelled; // guarded by sending
  private boolean finished; // guarded by delivery
  private volatile long id = -1;

  private EtcdWatch(WatchListener listener, Consumer<EtcdWatch> onFinished) {
    this.listener = listener;
    this.onFinished = onFinished;
  }

  /**
   * Opens the stream, sends the create request and waits until etcd confirms the watch, so that every
   * write after this returns is seen by the watch.
   *
   * @throws StoreException.Unavailable when etcd does not confirm within {@code timeout}
   * @throws StoreException when etcd refuses the watch (its cancel reason as message)
   */
  static EtcdWatch start(WatchGrpc.WatchStub stub, WatchCreateRequest create, WatchListener listener,
      Duration timeout, Consumer<EtcdWatch> onFinished) {
    EtcdWatch watch = new EtcdWatch(listener, onFinished);
    stub.watch(watch.new Responses());
    watch.send(WatchRequest.newBuilder().setCreateRequest(create).build());
    try {
      watch.id = watch.created.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return watch;
    } catch (TimeoutException e) {
      watch.cancelCall("timed out waiting for the watch to be created");
      throw new StoreException.Unavailable("etcd did not create the watch within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      watch.cancelCall("interrupted");
      throw new StoreException.Unavailable("interrupted while creating a watch");
    } catch (ExecutionException e) {
      watch.cancelCall("watch creation failed");
      throw EtcdErrors.map(e.getCause(), () -> 0);
    }
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public void requestProgress() {
    send(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
  }

  @Override
  public void close() {
    finish(null);
  }

  boolean isFinished() {
    delivery.lock();
    try {
      return finished;
    } finally {
      delivery.unlock();
    }
  }

  /** Ends the watch with {@code cause} (as {@link #close()} does with none). */
  void finish(StoreException cause) {
    delivery.lock();
    try {
      if (finished) {
        return;
      }
      finished = true;
      try {
        listener.onCancelled(cause);
      } catch (RuntimeException e) {
        LOG.warn("watch {}: listener failed on cancel", id, e);
      }
    } finally {
      delivery.unlock();
    }
    cancelCall(cause == null ? "watch closed" : cause.getMessage());
    onFinished.accept(this);
  }

  private void send(WatchRequest request) {
    synchronized (sending) {
      if (!callCancelled) {
        requests.onNext(request);
      }
    }
  }

  /** Ending the stream is what frees the watch in etcd: a half-close alone leaves it open. */
  private void cancelCall(String why) {
    synchronized (sending) {
      if (!callCancelled) {
        callCancelled = true;
        requests.cancel(why, null);
      }
    }
  }

  private void deliver(long revision, List<Event> events) {
    List<WatchEvent> converted;
    try {
      converted = events.stream().map(WatchProtoCodec::fromProto).toList();
    } catch (StoreException e) { // an event type etcd does not define: the stream cannot be trusted
      finish(e);
      return;
    }
    delivery.lock();
    try {
      if (finished) {
        return;
      }
      if (converted.isEmpty()) {
        listener.onProgress(revision);
      } else {
        listener.onEvents(revision, converted);
      }
    } catch (RuntimeException e) {
      LOG.warn("watch {}: listener failed", id, e);
    } finally {
      delivery.unlock();
    }
  }

  /** What etcd sends on this watch's stream; gRPC calls these one at a time. */
  private final class Responses implements ClientResponseObserver<WatchRequest, WatchResponse> {
    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
      synchronized (sending) {
        requests = requestStream;
      }
    }

    @Override
    public void onNext(WatchResponse response) {
      if (!created.isDone()) {
        // etcd answers a create first (it holds back any event of the new watch until then).
        if (response.getCanceled()) {
          String reason = response.getCancelReason();
          created.completeExceptionally(
              new StoreException.InvalidArgument(reason.isEmpty() ? "etcd refused the watch" : reason));
        } else if (response.getCreated()) {
          created.complete(response.getWatchId());
        }
        return;
      }
      if (response.getCanceled()) {
        long compactRevision = response.getCompactRevision();
        String reason = response.getCancelReason();
        finish(compactRevision != 0
            ? new StoreException.Compacted(compactRevision)
            : new StoreException.Unavailable(reason.isEmpty() ? "etcd cancelled the watch" : reason));
        return;
      }
      deliver(response.getHeader().getRevision(), response.getEventsList());
    }

    @Override
    public void onError(Throwable t) {
      StoreException cause = EtcdErrors.map(t, () -> 0);
      if (!created.completeExceptionally(cause)) {
        finish(cause);
      }
    }

    @Override
    public void onCompleted() {
      StoreException cause = new StoreException.Unavailable("etcd ended the watch stream");
      if (!created.completeExceptionally(cause)) {
        finish(cause);
      }
    }
  }
}
