package io.kube4j.store.raft;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.LeaseBehaviour;

/** The Lease behaviour against the Raft store, through a follower of a three-member cluster. */
class RaftLeaseBehaviourIT extends LeaseBehaviour {
  @Override
  protected KvStore store() {
    return SharedRaftCluster.follower();
  }
}
