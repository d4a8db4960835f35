package io.kube4j.store.raft;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BadInputBehaviour;
import io.kube4j.store.behaviour.ClusterBehaviour;
import io.kube4j.store.behaviour.CompactionBehaviour;
import io.kube4j.store.behaviour.KvBehaviour;
import io.kube4j.store.behaviour.LeaseBehaviour;
import io.kube4j.store.behaviour.TxnBehaviour;
import io.kube4j.store.behaviour.WatchBehaviour;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour suite against the Raft store, through a follower of a three-member cluster: its writes
 * are forwarded to the leader and its linearizable reads wait for a ReadIndex.
 */
class RaftBehaviourIT {
  @Nested
  class Kv extends KvBehaviour {
    @Override
    protected KvStore store() {
      return SharedRaftCluster.follower();
    }
  }

  @Nested
  class Txn extends TxnBehaviour {
    @Override
    protected KvStore store() {
      return SharedRaftCluster.follower();
    }
  }

  @Nested
  class Watch extends WatchBehaviour {
    @Override
    protected KvStore store() {
      return SharedRaftCluster.follower();
    }
  }

  @Nested
  class Lease extends LeaseBehaviour {
    @Override
    protected KvStore store() {
      return SharedRaftCluster.follower();
    }
  }

  @Nested
  class Compaction extends CompactionBehaviour {
    @Override
    protected KvStore store() {
      return SharedRaftCluster.follower();
    }
  }

  @Nested
  class BadInput extends BadInputBehaviour {
    @Override
    protected KvStore store() {
      return SharedRaftCluster.follower();
    }
  }

  @Nested
  class Cluster extends ClusterBehaviour {
    @Override
    protected KvStore store() {
      return SharedRaftCluster.follower();
    }
  }
}
