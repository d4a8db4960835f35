package io.kube4j.store.raft;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.ClusterBehaviour;

/** The Cluster behaviour against the Raft store, through a follower of a three-member cluster. */
class RaftClusterBehaviourIT extends ClusterBehaviour {
  @Override
  protected KvStore store() {
    return SharedRaftCluster.follower();
  }
}
