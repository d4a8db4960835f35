package io.kube4j.store.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one server stream: serialises every write (a {@code StreamObserver} is not
 * thread-safe) and respects gRPC flow control. Messages wait here, never in a blocked thread, until
 * the transport is ready ({@link ServerCallStreamObserver#isReady()}); the on-ready handler sends
 * the rest. Offering never blocks, so store threads may offer directly.
 *
 * <p>Thread-safe. Unbounded by itself: the owner watches {@link #queuedBytes()} and decides what to
 * do when a client falls too far behind.
 */
final class OutboundQueue<T extends MessageLite> {
  private static final Logger log = LoggerFactory.getLogger(OutboundQueue.class);

  private final ServerCallStreamObserver<T> call;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<T> queue = new ArrayDeque<>(); // guarded by lock
  private long queuedBytes; // guarded by lock
  private boolean completing; // guarded by lock: complete once the queue is empty
  private boolean ended; // guarded by lock: nothing more may be sent

  /** Must be called while the call starts (in the service method), to install the ready handler. */
  OutboundQueue(ServerCallStreamObserver<T> call) {
    this.call = call;
    call.setOnReadyHandler(this::drain);
  }

  /** Queues a message and sends what the transport takes now; false when the stream has ended. */
  boolean offer(T message) {
    lock.lock();
    try {
      if (ended || completing) {
        return false;
      }
      queue.add(message);
      queuedBytes += message.getSerializedSize();
      drainLocked();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes waiting for the client to read. */
  long queuedBytes() {
    lock.lock();
    try {
      return queuedBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Drops waiting messages that match; returns how many. */
  int removeIf(Predicate<T> unwanted) {
    lock.lock();
    try {
      int removed = 0;
      for (Iterator<T> it = queue.iterator(); it.hasNext(); ) {
        T message = it.next();
        if (unwanted.test(message)) {
          it.remove();
          queuedBytes -= message.getSerializedSize();
          removed++;
        }
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream normally once every queued message is sent. */
  void completeAfterDrain() {
    lock.lock();
    try {
      completing = true;
      drainLocked();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream now with an error status, dropping what still waits. */
  void fail(Status status) {
    lock.lock();
    try {
      if (ended) {
        return;
      }
      endLocked();
      try {
        call.onError(status.asRuntimeException());
      } catch (RuntimeException e) {
        log.debug("Could not end a stream with {}: {}", status, e.toString());
      }
    } finally {
      lock.unlock();
    }
  }

  /** The client went away: drop everything, send nothing more. */
  void abandon() {
    lock.lock();
    try {
      endLocked();
    } finally {
      lock.unlock();
    }
  }

  private void drain() {
    lock.lock();
    try {
      drainLocked();
    } finally {
      lock.unlock();
    }
  }

  private void drainLocked() {
    try {
      while (!ended && !queue.isEmpty() && call.isReady() && !call.isCancelled()) {
        T message = queue.poll();
        queuedBytes -= message.getSerializedSize();
        call.onNext(message);
      }
      if (!ended && completing && queue.isEmpty()) {
        endLocked();
        call.onCompleted();
      }
    } catch (RuntimeException e) {
      // Only a cancelled call refuses messages; its cancel handler cleans up.
      log.debug("Could not send on a stream: {}", e.toString());
      endLocked();
    }
  }

  private void endLocked() {
    ended = true;
    queue.clear();
    queuedBytes = 0;
  }
}
