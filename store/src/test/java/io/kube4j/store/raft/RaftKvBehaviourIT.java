package io.kube4j.store.raft;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.KvBehaviour;

/** The Kv behaviour against the Raft store, through a follower of a three-member cluster. */
class RaftKvBehaviourIT extends KvBehaviour {
  @Override
  protected KvStore store() {
    return SharedRaftCluster.follower();
  }
}
