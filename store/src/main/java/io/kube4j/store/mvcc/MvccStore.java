package io.kube4j.store.mvcc;

import io.kube4j.store.api.Lease;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.api.WatchRequest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/** SKELETON — being written; signatures are the contract. */
public final class MvccStore implements AutoCloseable {

  public MvccStore(long quotaBytes) {}

  /** Single writer (the Raft apply thread). Deterministic. Throws StoreException without changing state. */
  public Object apply(StoreCommand command) { throw new IllegalStateException("skeleton"); }

  public RangeResult range(RangeRequest request) { throw new IllegalStateException("skeleton"); }

  public long revision() { return 0; }

  public long compactRevision() { return 0; }

  public Watch watch(WatchRequest request, WatchListener listener) { throw new IllegalStateException("skeleton"); }

  public Lease.TimeToLive leaseTimeToLive(long id, boolean withKeys) { throw new IllegalStateException("skeleton"); }

  public List<Long> leases() { return List.of(); }

  public boolean leaseExists(long id) { return false; }

  /** Leases whose local expiry clock ran out (only the leader acts on these). */
  public List<Long> expiredLeases(long nowNanos) { return List.of(); }

  /** On becoming leader: every lease gets a full TTL from now, as etcd's lessor.Promote. */
  public void promoteLeases(long nowNanos) {}

  public long dbSize() { return 0; }

  public long keyCount() { return 0; }

  public void writeSnapshot(DataOutputStream out) throws IOException {}

  /** Replaces the whole state; open watches are cancelled (their clients re-watch). */
  public void restoreSnapshot(DataInputStream in) throws IOException {}

  @Override
  public void close() {}
}
