package io.kube4j.store.raft;

import io.kube4j.store.mvcc.StoreCommand;

/**
 * One entry of the replicated log as the state machine sees it: a command for the MVCC store, or a
 * change of the member table (names and client URLs that Raft's configuration does not carry).
 * Closed set; {@link CommandCodec} gives each its binary form.
 */
public sealed interface RaftCommand permits RaftCommand.Kv, MemberCommand {

  /** A command for {@link io.kube4j.store.mvcc.MvccStore#apply}. */
  record Kv(StoreCommand command) implements RaftCommand {}
}
