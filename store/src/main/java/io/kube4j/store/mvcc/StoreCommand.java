package io.kube4j.store.mvcc;

import io.kube4j.store.api.Op;

/**
 * A command of the replicated log: what the state machine applies, on every member, in log order.
 * Applying a command is deterministic: the same commands from the same state give the same state and
 * results on every member. Closed set: a new command is a new log format version.
 */
public sealed interface StoreCommand {

  /** A put, delete or txn; result: the op's {@link io.kube4j.store.api.OpResult}. */
  record Write(Op op) implements StoreCommand {}

  /** Compaction to {@code revision}; result: {@link Long} store revision. */
  record Compact(long revision) implements StoreCommand {}

  /** Grants lease {@code id} (chosen by the proposer, never 0); result: {@link io.kube4j.store.api.Lease.Grant}. */
  record LeaseGrant(long id, long ttlSeconds) implements StoreCommand {}

  /** Revokes a lease and deletes its keys at one revision; result: {@link Long} store revision. */
  record LeaseRevoke(long id) implements StoreCommand {}

  /**
   * Renews a lease to its full TTL; result: {@link io.kube4j.store.api.Lease.KeepAlive}. Changes no
   * replicated state: only each member's local expiry clock (only the leader's acts on it).
   */
  record LeaseKeepAlive(long id) implements StoreCommand {}
}
