package io.kube4j.store.mvcc;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.Lease;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.api.WatchRequest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * The store's state machine: an in-memory multi-version key-value store with etcd v3 semantics.
 *
 * <p>Every request that changes something takes the next revision; a request that changes nothing
 * (a delete of absent keys, a read-only or failed txn) takes none. Each key keeps its versions since
 * the last compaction ({@link KeyHistory}); the changes of each revision are kept in order
 * ({@link RevisionLog}) for watches to replay.
 *
 * <p>Threading: {@link #apply} is called by one thread at a time (the Raft apply thread) and is
 * deterministic: the same commands from the same state give the same state and results on every
 * member. A failed command throws a {@link StoreException} and changes nothing. Reads, watches and
 * lease queries are safe from any thread at any time: a read picks the published revision and sees
 * exactly the state at it, because a write appends versions above the published revision and
 * publishes the new revision last (a volatile write).
 *
 * <p>Leases: ids, TTLs and attachments are replicated state; expiry times are local to each member
 * (monotonic clock), renewed by grants, keep-alives and {@link #promoteLeases}; only the leader acts
 * on {@link #expiredLeases} by proposing revokes.
 */
public final class MvccStore implements AutoCloseable {
  /** etcd's minimum lease TTL with its default timing (1.5 election timeouts, rounded up). */
  public static final long DEFAULT_MIN_LEASE_TTL = 2;
  /**
   * The revision of an empty store: 1, as etcd's, so the first write is revision 2 and a resource
   * version never reads "0" (which Kubernetes takes to mean "any").
   */
  public static final long INITIAL_REVISION = 1;
  private static final Change[] NO_CHANGES = new Change[0];
  /** Bytes counted per kept version beyond its key and value, as a rough index and record overhead. */
  static final int VERSION_OVERHEAD_BYTES = 64;

  final ConcurrentSkipListMap<Bytes, KeyHistory> index = new ConcurrentSkipListMap<>();
  final RevisionLog log = new RevisionLog();
  final LeaseTable leases = new LeaseTable();
  private final WatchHub watches;
  private final long quotaBytes;
  private final long minLeaseTtl;
  private final LongSupplier nanoClock;

  private volatile long revision;
  private volatile long compactRevision;
  private volatile long dbSize;
  private volatile long liveKeys;

  /** A store with etcd's defaults except the quota. */
  public MvccStore(long quotaBytes) {
    this(quotaBytes, DEFAULT_MIN_LEASE_TTL, System::nanoTime, WatchHub.DEFAULT_PROGRESS_INTERVAL_NANOS);
  }

  /**
   * @param quotaBytes past this many bytes of kept versions, writes that add data fail with NoSpace
   * @param minLeaseTtl lease TTLs below this are raised to it
   * @param nanoClock the monotonic clock for lease expiry
   * @param progressIntervalNanos how often idle progress-notify watches get a progress notification
   */
  public MvccStore(long quotaBytes, long minLeaseTtl, LongSupplier nanoClock, long progressIntervalNanos) {
    this.quotaBytes = quotaBytes;
    this.minLeaseTtl = minLeaseTtl;
    this.nanoClock = nanoClock;
    this.watches = new WatchHub(this, progressIntervalNanos);
    this.revision = INITIAL_REVISION;
    log.put(INITIAL_REVISION, NO_CHANGES);
  }

  // ---------------------------------------------------------------- apply (one thread at a time)

  /**
   * Applies one command.
   *
   * @return an {@link io.kube4j.store.api.OpResult} for writes, {@link Long} (the revision) for
   *     compact and revoke, {@link Lease.Grant} or {@link Lease.KeepAlive}
   * @throws StoreException with nothing changed
   */
  public Object apply(StoreCommand command) {
    return switch (command) {
      case StoreCommand.Write w -> applyWrite(w.op());
      case StoreCommand.Compact c -> applyCompact(c.revision());
      case StoreCommand.LeaseGrant g -> applyLeaseGrant(g.id(), g.ttlSeconds());
      case StoreCommand.LeaseRevoke r -> applyLeaseRevoke(r.id());
      case StoreCommand.LeaseKeepAlive k -> applyLeaseKeepAlive(k.id());
    };
  }

  private Object applyWrite(Op op) {
    if (op instanceof RangeRequest r) {
      return range(r);
    }
    WriteTxn txn = new WriteTxn(this, revision);
    txn.check(op);
    Object result = txn.execute(op);
    publish(txn);
    return result;
  }

  private Long applyCompact(long rev) {
    if (rev <= compactRevision) {
      throw new StoreException.Compacted(compactRevision);
    }
    if (rev > revision) {
      throw new StoreException.FutureRevision();
    }
    long previous = compactRevision;
    compactRevision = rev; // published first: readers below it now fail instead of reading holes
    for (long r = Math.max(previous, 1); r <= rev; r++) {
      Change[] changes = log.get(r);
      if (changes == null) {
        continue;
      }
      for (Change c : changes) {
        Bytes key = c.kv().key();
        KeyHistory h = index.get(key);
        if (h == null) {
          continue;
        }
        long before = bytesOf(h);
        if (h.compact(rev)) {
          index.remove(key);
        }
        dbSize -= before - bytesOf(h);
      }
    }
    log.dropBefore(rev);
    watches.onCompacted(rev);
    return revision;
  }

  private Lease.Grant applyLeaseGrant(long id, long ttl) {
    if (id <= 0) {
      throw new StoreException.InvalidArgument("etcdserver: lease id must be positive");
    }
    if (ttl > KvStore.MAX_LEASE_TTL) {
      throw new StoreException.OutOfRange(StoreException.LEASE_TTL_TOO_LARGE);
    }
    if (leases.contains(id)) {
      throw new StoreException.FailedPrecondition(StoreException.LEASE_EXISTS);
    }
    long granted = Math.max(ttl, minLeaseTtl);
    leases.grant(id, granted, nanoClock.getAsLong());
    return new Lease.Grant(revision, id, granted);
  }

  private Long applyLeaseRevoke(long id) {
    LeaseTable.Entry lease = leases.get(id);
    if (lease == null) {
      throw new StoreException.NotFound(StoreException.LEASE_NOT_FOUND);
    }
    WriteTxn txn = new WriteTxn(this, revision);
    for (Bytes key : List.copyOf(lease.keys)) {
      txn.deleteKey(key);
    }
    leases.remove(id);
    publish(txn);
    return revision;
  }

  private Lease.KeepAlive applyLeaseKeepAlive(long id) {
    LeaseTable.Entry lease = leases.get(id);
    if (lease == null) {
      throw new StoreException.NotFound(StoreException.LEASE_NOT_FOUND);
    }
    lease.renew(nanoClock.getAsLong());
    return new Lease.KeepAlive(revision, id, lease.ttl);
  }

  /** Makes a write txn's changes visible: log first, then the revision (readers key off it). */
  private void publish(WriteTxn txn) {
    if (txn.changes.isEmpty()) {
      return;
    }
    long next = revision + 1;
    log.put(next, txn.changes.toArray(new Change[0]));
    dbSize += txn.addedBytes;
    liveKeys += txn.liveKeyDelta;
    revision = next;
    watches.onPublished(next);
  }

  // ---------------------------------------------------------------- reads (any thread)

  /** Serves a range at the newest or the asked revision. */
  public RangeResult range(RangeRequest request) {
    long current = revision;
    long at = request.revision() <= 0 ? current : request.revision();
    if (at > current) {
      throw new StoreException.FutureRevision();
    }
    checkNotCompacted(at);
    RangeResult result = RangeQuery.run(index, request, at, current);
    checkNotCompacted(at); // a compaction that overtook the read may have removed what it saw
    return result;
  }

  private void checkNotCompacted(long at) {
    long compacted = compactRevision;
    if (at < compacted) {
      throw new StoreException.Compacted(compacted);
    }
  }

  /** The newest published revision ({@link #INITIAL_REVISION} for an empty store). */
  public long revision() {
    return revision;
  }

  /** The revision of the last compaction (0 when never compacted). */
  public long compactRevision() {
    return compactRevision;
  }

  /** The changes of one published revision within the kept window, or null. */
  Change[] changesAt(long rev) {
    return log.get(rev);
  }

  /**
   * Starts a watch (see {@link KvStore#watch}); events are delivered on a virtual thread per watch.
   */
  public Watch watch(WatchRequest request, WatchListener listener) {
    return watches.start(request, listener);
  }

  /** Asks every watch for a progress notification (etcd's stream-wide progress request). */
  public void requestProgressAll() {
    watches.requestProgressAll();
  }

  // ---------------------------------------------------------------- leases (any thread)

  /** etcd's LeaseTimeToLive: an unknown or expired lease answers TTL -1, not an error. */
  public Lease.TimeToLive leaseTimeToLive(long id, boolean withKeys) {
    LeaseTable.Entry lease = leases.get(id);
    if (lease == null) {
      return new Lease.TimeToLive(revision, id, -1, 0, List.of());
    }
    List<Bytes> keys = withKeys ? List.copyOf(lease.keys) : List.of();
    return new Lease.TimeToLive(revision, id, lease.remainingSeconds(nanoClock.getAsLong()), lease.ttl, keys);
  }

  public List<Long> leases() {
    return leases.ids();
  }

  public boolean leaseExists(long id) {
    return leases.contains(id);
  }

  /** Leases whose local expiry clock ran out (only the leader acts on these), ascending ids. */
  public List<Long> expiredLeases(long nowNanos) {
    return leases.expired(nowNanos);
  }

  /** On becoming leader: every lease gets a full TTL from now, as etcd's lessor.Promote. */
  public void promoteLeases(long nowNanos) {
    leases.renewAll(nowNanos);
  }

  // ---------------------------------------------------------------- size and snapshots

  /** Approximate bytes held by every kept version (keys, values, per-version overhead). */
  public long dbSize() {
    return dbSize;
  }

  /** Keys that exist at the newest revision. */
  public long keyCount() {
    return liveKeys;
  }

  long quotaBytes() {
    return quotaBytes;
  }

  /** Writes the whole replicated state (call from the apply thread, between applies). */
  public void writeSnapshot(DataOutputStream out) throws IOException {
    SnapshotCodec.write(this, out);
  }

  /**
   * Replaces the whole state from a snapshot (apply thread). Open watches stay open: those whose
   * next revision is still kept go on from the restored history, the others are cancelled as
   * compacted.
   */
  public void restoreSnapshot(DataInputStream in) throws IOException {
    SnapshotCodec.Restored state = SnapshotCodec.read(in);
    index.clear();
    log.clear();
    leases.clear();
    long now = nanoClock.getAsLong();
    for (SnapshotCodec.LeaseRecord l : state.leases()) {
      leases.grant(l.id(), l.ttl(), now);
    }
    long size = 0;
    long live = 0;
    Map<Long, List<Change>> byRevision = new java.util.TreeMap<>();
    for (KeyValue[] versions : state.histories()) {
      KeyHistory h = new KeyHistory();
      h.restore(versions);
      index.put(versions[0].key(), h);
      size += bytesOf(h);
      KeyValue newest = versions[versions.length - 1];
      if (!KeyHistory.isTombstone(newest)) {
        live++;
        if (newest.lease() != 0) {
          leases.attach(newest.lease(), newest.key());
        }
      }
      for (int i = 0; i < versions.length; i++) {
        if (versions[i].modRevision() >= state.compactRevision()) {
          byRevision.computeIfAbsent(versions[i].modRevision(), r -> new ArrayList<>())
              .add(new Change(versions[i], KeyHistory.livePredecessor(versions, i)));
        }
      }
    }
    if (state.compactRevision() <= INITIAL_REVISION && !byRevision.containsKey(INITIAL_REVISION)) {
      log.put(INITIAL_REVISION, NO_CHANGES); // the empty store's revision, still in the window
    }
    for (Map.Entry<Long, List<Change>> e : byRevision.entrySet()) {
      log.put(e.getKey(), e.getValue().toArray(new Change[0]));
    }
    dbSize = size;
    liveKeys = live;
    compactRevision = state.compactRevision();
    revision = state.revision();
    watches.onRestored(state.compactRevision(), state.revision());
  }

  static long bytesOf(KeyValue kv) {
    return kv.key().size() + kv.value().size() + VERSION_OVERHEAD_BYTES;
  }

  static long bytesOf(KeyHistory h) {
    long total = 0;
    for (KeyValue kv : h.versions()) {
      total += bytesOf(kv);
    }
    return total;
  }

  long minLeaseTtl() {
    return minLeaseTtl;
  }

  /** Stops every watch (their listeners get onCancelled). */
  @Override
  public void close() {
    watches.close();
  }
}
