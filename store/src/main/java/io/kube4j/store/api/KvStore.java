package io.kube4j.store.api;

import java.util.List;

/**
 * The store as its users see it: etcd's v3 KV, Watch, Lease, Maintenance and Cluster services as a
 * blocking Java API. Implementations: the embedded Raft-replicated store, and a client of a real
 * etcd cluster; both behave the same (the behaviour suite runs against each).
 *
 * <p>Thread-safe. Methods block until the request is done (durable on a quorum for writes) and are
 * meant to be called from virtual threads. Every failure is a {@link StoreException}, and a failed
 * request changed nothing, except {@link StoreException.Unavailable} on a write, whose outcome is
 * unknown (as with etcd: the write may still commit).
 */
public interface KvStore extends AutoCloseable {
  /** Largest request etcd accepts by default (--max-request-bytes): 1.5 MiB. */
  int DEFAULT_MAX_REQUEST_BYTES = 1536 * 1024;
  /** Most ops in one txn etcd accepts by default (--max-txn-ops). */
  int DEFAULT_MAX_TXN_OPS = 128;
  /** Longest lease TTL etcd accepts: 9,000,000,000 seconds. */
  long MAX_LEASE_TTL = 9_000_000_000L;

  RangeResult range(RangeRequest request);

  PutResult put(PutRequest request);

  DeleteResult delete(DeleteRequest request);

  TxnResult txn(TxnRequest request);

  /**
   * Forgets every version older than {@code revision} except each key's newest; reads and watches
   * before it then fail with {@link StoreException.Compacted}.
   *
   * @return the store revision when the compaction was applied
   */
  long compact(long revision);

  /**
   * Starts a watch. Events from {@code request.startRevision()} on reach {@code listener}; a start
   * revision already compacted cancels the watch at once with {@link StoreException.Compacted}, and a
   * future one waits for it.
   */
  Watch watch(WatchRequest request, WatchListener listener);

  /** Grants a lease; {@code id} 0 lets the store choose one. */
  Lease.Grant leaseGrant(long ttlSeconds, long id);

  /** Revokes a lease and deletes its keys in one revision. */
  long leaseRevoke(long id);

  /** Renews a lease to its full TTL. */
  Lease.KeepAlive leaseKeepAlive(long id);

  Lease.TimeToLive leaseTimeToLive(long id, boolean withKeys);

  List<Long> leases();

  StoreStatus status();

  List<Member> members();

  /** Adds a member with these peer URLs (etcd's MemberAdd); it joins when started with them. */
  Member memberAdd(List<String> peerUrls, boolean learner);

  /** Removes a member (etcd's MemberRemove). */
  void memberRemove(long memberId);

  @Override
  void close();
}
