package io.kube4j.store.api;

/**
 * A read of one key or a key range, as etcd's {@code RangeRequest}.
 *
 * <p>The range is [key, rangeEnd): an empty {@code rangeEnd} reads the key alone; {@link Bytes#ZERO}
 * means every key &ge; key (and with an empty key, every key). {@code limit} 0 means no limit.
 * {@code revision} 0 reads the newest revision. {@code serializable} reads the local member's state
 * without a quorum round; otherwise the read is linearizable.
 */
public record RangeRequest(
    Bytes key,
    Bytes rangeEnd,
    long limit,
    long revision,
    SortOrder sortOrder,
    SortTarget sortTarget,
    boolean serializable,
    boolean keysOnly,
    boolean countOnly,
    long minModRevision,
    long maxModRevision,
    long minCreateRevision,
    long maxCreateRevision)
    implements Op {

  public enum SortOrder { NONE, ASCEND, DESCEND }

  public enum SortTarget { KEY, VERSION, CREATE, MOD, VALUE }

  /** A linearizable read of one key. */
  public static RangeRequest key(Bytes key) {
    return range(key, Bytes.EMPTY);
  }

  /** A linearizable read of every key with this prefix. */
  public static RangeRequest prefix(Bytes prefix) {
    return range(prefix, prefix.prefixEnd());
  }

  /** A linearizable read of [key, rangeEnd). */
  public static RangeRequest range(Bytes key, Bytes rangeEnd) {
    return new RangeRequest(key, rangeEnd, 0, 0, SortOrder.NONE, SortTarget.KEY, false, false, false, 0, 0, 0, 0);
  }

  public RangeRequest withLimit(long limit) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable, keysOnly,
        countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest atRevision(long revision) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable, keysOnly,
        countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withSerializable(boolean serializable) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable, keysOnly,
        countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withKeysOnly(boolean keysOnly) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable, keysOnly,
        countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withCountOnly(boolean countOnly) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable, keysOnly,
        countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withSort(SortOrder order, SortTarget target) {
    return new RangeRequest(key, rangeEnd, limit, revision, order, target, serializable, keysOnly,
        countOnly, minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
  }

  public RangeRequest withRevisionFilters(long minMod, long maxMod, long minCreate, long maxCreate) {
    return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, serializable, keysOnly,
        countOnly, minMod, maxMod, minCreate, maxCreate);
  }
}
