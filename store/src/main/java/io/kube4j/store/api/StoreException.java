package io.kube4j.store.api;

/**
 * The closed family of store errors. Each maps to one etcd error (same gRPC code and message), so
 * that the etcd gRPC service and jetcd-backed clients agree on what went wrong. A request that fails
 * with one of these changed nothing.
 */
public abstract sealed class StoreException extends RuntimeException {

  /** The gRPC status code etcd uses for this error. */
  public enum Code { INVALID_ARGUMENT, OUT_OF_RANGE, NOT_FOUND, FAILED_PRECONDITION, RESOURCE_EXHAUSTED, UNAVAILABLE,
    DEADLINE_EXCEEDED, INTERNAL }

  private final Code code;

  private StoreException(Code code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public Code code() {
    return code;
  }

  /** The revision asked for has been compacted away. */
  public static final class Compacted extends StoreException {
    private final long compactRevision;

    public Compacted(long compactRevision) {
      super(Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
      this.compactRevision = compactRevision;
    }

    public long compactRevision() {
      return compactRevision;
    }
  }

  /** The revision asked for is newer than the store's. */
  public static final class FutureRevision extends StoreException {
    public FutureRevision() {
      super(Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision");
    }
  }

  /** The request is malformed: empty key, value with ignore_value, too large, too many ops, … */
  public static final class InvalidArgument extends StoreException {
    public InvalidArgument(String message) {
      super(Code.INVALID_ARGUMENT, message);
    }
  }

  /** A named lease, key or member does not exist. */
  public static final class NotFound extends StoreException {
    public NotFound(String message) {
      super(Code.NOT_FOUND, message);
    }
  }

  /** The request conflicts with the state: lease exists, member exists, … */
  public static final class FailedPrecondition extends StoreException {
    public FailedPrecondition(String message) {
      super(Code.FAILED_PRECONDITION, message);
    }
  }

  /** A number is out of the accepted range (e.g. a lease TTL above the maximum). */
  public static final class OutOfRange extends StoreException {
    public OutOfRange(String message) {
      super(Code.OUT_OF_RANGE, message);
    }
  }

  /** The backend quota is used up; only deletes and compaction are accepted. */
  public static final class NoSpace extends StoreException {
    public NoSpace() {
      super(Code.RESOURCE_EXHAUSTED, "etcdserver: mvcc: database space exceeded");
    }
  }

  /** The store cannot serve now: no leader, shutting down, timed out. Safe to retry reads. */
  public static final class Unavailable extends StoreException {
    public Unavailable(String message) {
      super(Code.UNAVAILABLE, message);
    }
  }

  /** Anything else; carries etcd's or the transport's message. */
  public static final class Internal extends StoreException {
    public Internal(String message) {
      super(Code.INTERNAL, message);
    }
  }

  // The messages etcd sends, word for word, so that clients matching on them keep working.
  public static final String EMPTY_KEY = "etcdserver: key is not provided";
  public static final String KEY_NOT_FOUND = "etcdserver: key not found";
  public static final String VALUE_PROVIDED = "etcdserver: value is provided";
  public static final String LEASE_PROVIDED = "etcdserver: lease is provided";
  public static final String TOO_MANY_OPS = "etcdserver: too many operations in txn request";
  public static final String DUPLICATE_KEY = "etcdserver: duplicate key given in txn request";
  public static final String REQUEST_TOO_LARGE = "etcdserver: request is too large";
  public static final String LEASE_NOT_FOUND = "etcdserver: requested lease not found";
  public static final String LEASE_EXISTS = "etcdserver: lease already exists";
  public static final String LEASE_TTL_TOO_LARGE = "etcdserver: too large lease TTL";
  public static final String MEMBER_NOT_FOUND = "etcdserver: member not found";
  public static final String PEER_URL_EXISTS = "etcdserver: Peer URLs already exists";
  public static final String NO_LEADER = "etcdserver: no leader";
}
