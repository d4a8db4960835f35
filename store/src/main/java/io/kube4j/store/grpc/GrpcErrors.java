package io.kube4j.store.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kube4j.store.api.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How failures reach etcd clients: every {@link StoreException} becomes the gRPC status etcd sends
 * for it (same code, same message word for word, which clients match on); a status exception passes
 * through; anything else is a bug or an unexpected failure and becomes INTERNAL with a message, and
 * is logged here so that it is never swallowed.
 *
 * <p>Stateless and thread-safe.
 */
public final class GrpcErrors {
  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {}

  public static Status.Code code(StoreException.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
      case OUT_OF_RANGE -> Status.Code.OUT_OF_RANGE;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
      case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
      case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
      case INTERNAL -> Status.Code.INTERNAL;
    };
  }

  public static Status toStatus(Throwable failure) {
    return switch (failure) {
      case StoreException e -> Status.fromCode(code(e.code())).withDescription(e.getMessage());
      case StatusRuntimeException e -> e.getStatus();
      default -> {
        log.error("Unexpected failure serving an etcd request", failure);
        yield Status.INTERNAL.withDescription(String.valueOf(failure)).withCause(failure);
      }
    };
  }

  public static StatusRuntimeException toStatusException(Throwable failure) {
    return toStatus(failure).asRuntimeException();
  }
}
