package io.kube4j.store.grpc;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a unary call from a blocking computation: the value, or the failure as etcd's status.
 * Runs on the calling thread, which is one of the server's virtual threads.
 */
final class Unary {
  private static final Logger log = LoggerFactory.getLogger(Unary.class);

  private Unary() {}

  static <T> void answer(StreamObserver<T> observer, Supplier<T> computation) {
    T value;
    try {
      value = computation.get();
    } catch (RuntimeException | Error e) {
      fail(observer, e);
      return;
    }
    try {
      observer.onNext(value);
      observer.onCompleted();
    } catch (RuntimeException e) {
      // The call was cancelled by the client while we computed: nobody is listening any more.
      log.debug("Could not send an answer: {}", e.toString());
    }
  }

  private static void fail(StreamObserver<?> observer, Throwable failure) {
    try {
      observer.onError(GrpcErrors.toStatusException(failure));
    } catch (RuntimeException e) {
      log.debug("Could not send a failure ({}): {}", failure, e.toString());
    }
  }
}
