package io.kube4j.store.mvcc;

import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.Lease;
import io.kube4j.store.api.Member;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.StoreStatus;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.api.WatchRequest;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link KvStore} over one in-memory {@link MvccStore}, with no log and no replication: nothing
 * survives the process. It gives the exact semantics of the replicated store without its I/O, for
 * tests of layers above the store (the gRPC API, the apiserver) and as the baseline in benchmarks.
 *
 * <p>Thread-safe: writes are applied one at a time under a lock; reads and watches go straight to
 * the MVCC state. Expired leases are revoked by a background virtual thread.
 */
public final class LocalKvStore implements KvStore {
  private static final long MEMBER_ID = 0x10ca1L;

  private final MvccStore mvcc;
  private final ReentrantLock applyLock = new ReentrantLock();
  private final AtomicLong applied = new AtomicLong();
  private final Thread expiry;
  private volatile boolean closed;

  public LocalKvStore(long quotaBytes) {
    this(new MvccStore(quotaBytes));
  }

  public LocalKvStore(MvccStore mvcc) {
    this.mvcc = mvcc;
    this.expiry = Thread.ofVirtual().name("local-lease-expiry").start(this::expireLeases);
  }

  /** The state machine underneath (for tests that look inside). */
  public MvccStore mvcc() {
    return mvcc;
  }

  private Object apply(StoreCommand command) {
    if (closed) {
      throw new StoreException.Unavailable("etcdserver: server stopped");
    }
    applyLock.lock();
    try {
      Object result = mvcc.apply(command);
      applied.incrementAndGet();
      return result;
    } finally {
      applyLock.unlock();
    }
  }

  private Object write(Op op) {
    RequestValidator.validate(op, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_TXN_OPS);
    return apply(new StoreCommand.Write(op));
  }

  @Override
  public RangeResult range(RangeRequest request) {
    RequestValidator.validate(request, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_TXN_OPS);
    return mvcc.range(request);
  }

  @Override
  public PutResult put(PutRequest request) {
    return (PutResult) write(request);
  }

  @Override
  public DeleteResult delete(DeleteRequest request) {
    return (DeleteResult) write(request);
  }

  @Override
  public TxnResult txn(TxnRequest request) {
    return (TxnResult) write(request);
  }

  @Override
  public long compact(long revision) {
    return (Long) apply(new StoreCommand.Compact(revision));
  }

  @Override
  public Watch watch(WatchRequest request, WatchListener listener) {
    return mvcc.watch(request, listener);
  }

  @Override
  public Lease.Grant leaseGrant(long ttlSeconds, long id) {
    RequestValidator.validateLeaseTtl(ttlSeconds);
    long chosen = id;
    while (chosen == 0) {
      long candidate = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
      chosen = mvcc.leaseExists(candidate) ? 0 : candidate;
    }
    return (Lease.Grant) apply(new StoreCommand.LeaseGrant(chosen, ttlSeconds));
  }

  @Override
  public long leaseRevoke(long id) {
    return (Long) apply(new StoreCommand.LeaseRevoke(id));
  }

  @Override
  public Lease.KeepAlive leaseKeepAlive(long id) {
    return (Lease.KeepAlive) apply(new StoreCommand.LeaseKeepAlive(id));
  }

  @Override
  public Lease.TimeToLive leaseTimeToLive(long id, boolean withKeys) {
    return mvcc.leaseTimeToLive(id, withKeys);
  }

  @Override
  public List<Long> leases() {
    return mvcc.leases();
  }

  @Override
  public StoreStatus status() {
    return new StoreStatus(mvcc.revision(), mvcc.compactRevision(), "3.5.0", mvcc.dbSize(), MEMBER_ID,
        MEMBER_ID, MEMBER_ID, applied.get(), 1, mvcc.keyCount(), false);
  }

  @Override
  public List<Member> members() {
    return List.of(new Member(MEMBER_ID, "local", List.of(), List.of(), false));
  }

  @Override
  public Member memberAdd(List<String> peerUrls, boolean learner) {
    throw new StoreException.FailedPrecondition("etcdserver: a local store has no peers");
  }

  @Override
  public void memberRemove(long memberId) {
    throw new StoreException.FailedPrecondition("etcdserver: a local store has no peers");
  }

  private void expireLeases() {
    while (!closed) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      for (long id : mvcc.expiredLeases(System.nanoTime())) {
        try {
          apply(new StoreCommand.LeaseRevoke(id));
        } catch (StoreException.NotFound alreadyGone) {
          // revoked by a client between the scan and the revoke: nothing left to do
        } catch (StoreException e) {
          if (closed) {
            return;
          }
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    expiry.interrupt();
    mvcc.close();
  }
}
