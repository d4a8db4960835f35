package io.kube4j.store.api;

/**
 * A watch on one key or a range, as etcd's {@code WatchCreateRequest}.
 *
 * @param startRevision the first revision to report; 0 means "from the next revision"
 * @param progressNotify ask for periodic progress notifications while idle
 * @param noPut drop put events; {@code noDelete} drops delete events
 * @param prevKv attach the previous key value to each event
 */
public record WatchRequest(
    Bytes key, Bytes rangeEnd, long startRevision, boolean progressNotify, boolean noPut, boolean noDelete,
    boolean prevKv) {

  public static WatchRequest key(Bytes key) {
    return new WatchRequest(key, Bytes.EMPTY, 0, false, false, false, false);
  }

  public static WatchRequest prefix(Bytes prefix) {
    return new WatchRequest(prefix, prefix.prefixEnd(), 0, false, false, false, false);
  }

  public WatchRequest fromRevision(long startRevision) {
    return new WatchRequest(key, rangeEnd, startRevision, progressNotify, noPut, noDelete, prevKv);
  }

  public WatchRequest withPrevKv(boolean prevKv) {
    return new WatchRequest(key, rangeEnd, startRevision, progressNotify, noPut, noDelete, prevKv);
  }

  public WatchRequest withProgressNotify(boolean progressNotify) {
    return new WatchRequest(key, rangeEnd, startRevision, progressNotify, noPut, noDelete, prevKv);
  }

  public WatchRequest withFilters(boolean noPut, boolean noDelete) {
    return new WatchRequest(key, rangeEnd, startRevision, progressNotify, noPut, noDelete, prevKv);
  }
}
