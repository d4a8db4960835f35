package io.kube4j.store.raft;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.TxnBehaviour;

/** The Txn behaviour against the Raft store, through a follower of a three-member cluster. */
class RaftTxnBehaviourIT extends TxnBehaviour {
  @Override
  protected KvStore store() {
    return SharedRaftCluster.follower();
  }
}
