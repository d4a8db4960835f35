package io.kube4j.store.api;

/** A delete of one key or of [key, rangeEnd), as etcd's {@code DeleteRangeRequest}. */
public record DeleteRequest(Bytes key, Bytes rangeEnd, boolean prevKv) implements Op {

  public static DeleteRequest key(Bytes key) {
    return new DeleteRequest(key, Bytes.EMPTY, false);
  }

  public static DeleteRequest prefix(Bytes prefix) {
    return new DeleteRequest(prefix, prefix.prefixEnd(), false);
  }

  public DeleteRequest withPrevKv(boolean prevKv) {
    return new DeleteRequest(key, rangeEnd, prevKv);
  }
}
