package io.kube4j.store.raft;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BadInputBehaviour;

/** The BadInput behaviour against the Raft store, through a follower of a three-member cluster. */
class RaftBadInputBehaviourIT extends BadInputBehaviour {
  @Override
  protected KvStore store() {
    return SharedRaftCluster.follower();
  }
}
