package io.kube4j.store.raft;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.CompactionBehaviour;

/** The Compaction behaviour against the Raft store, through a follower of a three-member cluster. */
class RaftCompactionBehaviourIT extends CompactionBehaviour {
  @Override
  protected KvStore store() {
    return SharedRaftCluster.follower();
  }
}
