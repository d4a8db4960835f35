package io.kube4j.store.raft;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BehaviourSuite;
import io.kube4j.store.behaviour.ClusterBehaviour;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour suite against the Raft store, through a follower of a three-member cluster: its writes
 * are forwarded to the leader and its linearizable reads wait for a ReadIndex.
 */
class RaftBehaviourIT extends BehaviourSuite {
  @Override
  protected KvStore store() {
    return SharedRaftCluster.follower();
  }

  @Nested
  class Cluster extends ClusterBehaviour {
    @Override
    protected KvStore store() {
      return SharedRaftCluster.follower();
    }
  }
}
