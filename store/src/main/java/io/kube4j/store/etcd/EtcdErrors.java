package io.kube4j.store.etcd;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kube4j.store.api.StoreException;
import java.util.function.LongSupplier;

/**
 * Maps a failed gRPC call to etcd onto our {@link StoreException} family: same gRPC code, etcd's own
 * message (etcd puts its error text, e.g. {@code "etcdserver: key is not provided"}, in the status
 * description). Stateless.
 *
 * <p>Where our family has no class with etcd's code, the closest meaning wins, as documented per case
 * below; the message is always kept.
 */
final class EtcdErrors {
  private static final String COMPACTED = "etcdserver: mvcc: required revision has been compacted";
  private static final String FUTURE_REV = "etcdserver: mvcc: required revision is a future revision";
  private static final String NO_SPACE = "etcdserver: mvcc: database space exceeded";
  private static final String TOO_MANY_REQUESTS = "etcdserver: too many requests";

  private EtcdErrors() {}

  /**
   * The store error for {@code failure}.
   *
   * @param compactRevision asked only for a "compacted" error: etcd's KV errors do not say up to which
   *     revision the store was compacted, so the caller finds out (see {@code CompactRevisionProbe})
   */
  static StoreException map(Throwable failure, LongSupplier compactRevision) {
    if (failure instanceof StoreException e) {
      return e;
    }
    Status status = Status.fromThrowable(failure);
    String message = status.getDescription() != null ? status.getDescription() : status.getCode().name();
    if (status.getCode() == Status.Code.CANCELLED && Thread.currentThread().isInterrupted()) {
      return new StoreException.Unavailable("interrupted while waiting for etcd: " + message);
    }
    return switch (status.getCode()) {
      case OUT_OF_RANGE -> switch (message) {
        case COMPACTED -> new StoreException.Compacted(compactRevision.getAsLong());
        case FUTURE_REV -> new StoreException.FutureRevision();
        default -> new StoreException.OutOfRange(message); // e.g. "too large lease TTL"
      };
      case INVALID_ARGUMENT -> new StoreException.InvalidArgument(message);
      case NOT_FOUND -> new StoreException.NotFound(message);
      case FAILED_PRECONDITION -> new StoreException.FailedPrecondition(message);
      case RESOURCE_EXHAUSTED -> {
        if (message.equals(NO_SPACE)) {
          yield new StoreException.NoSpace();
        }
        // "too many requests" is back-pressure (retry later); anything else here is gRPC refusing an
        // oversized message, which no retry will fix.
        yield message.equals(TOO_MANY_REQUESTS)
            ? new StoreException.Unavailable(message)
            : new StoreException.InvalidArgument(message);
      }
      // No leader, timeouts, connection loss, cancellation: the outcome of a write is unknown.
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, ABORTED -> new StoreException.Unavailable(message);
      default -> new StoreException.Internal(message);
    };
  }

  static StoreException map(StatusRuntimeException failure) {
    return map(failure, () -> 0);
  }
}
