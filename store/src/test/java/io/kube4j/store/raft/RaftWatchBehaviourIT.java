package io.kube4j.store.raft;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.WatchBehaviour;

/** The Watch behaviour against the Raft store, through a follower of a three-member cluster. */
class RaftWatchBehaviourIT extends WatchBehaviour {
  @Override
  protected KvStore store() {
    return SharedRaftCluster.follower();
  }
}
