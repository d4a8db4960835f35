package io.kube4j.store.etcd;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BadInputBehaviour;
import io.kube4j.store.behaviour.ClusterBehaviour;
import io.kube4j.store.behaviour.CompactionBehaviour;
import io.kube4j.store.behaviour.KvBehaviour;
import io.kube4j.store.behaviour.LeaseBehaviour;
import io.kube4j.store.behaviour.TxnBehaviour;
import io.kube4j.store.behaviour.WatchBehaviour;
import io.kube4j.store.testing.RealEtcd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The behaviour suite against real etcd (the reference), through {@link EtcdKvStore}. */
class RealEtcdBehaviourIT {
  private static EtcdKvStore store;

  @BeforeAll
  static void open() {
    store = RealEtcd.shared().newClient();
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Nested
  class Kv extends KvBehaviour {
    @Override
    protected KvStore store() {
      return store;
    }
  }

  @Nested
  class Txn extends TxnBehaviour {
    @Override
    protected KvStore store() {
      return store;
    }
  }

  @Nested
  class Watch extends WatchBehaviour {
    @Override
    protected KvStore store() {
      return store;
    }
  }

  @Nested
  class Lease extends LeaseBehaviour {
    @Override
    protected KvStore store() {
      return store;
    }
  }

  @Nested
  class Compaction extends CompactionBehaviour {
    @Override
    protected KvStore store() {
      return store;
    }
  }

  @Nested
  class BadInput extends BadInputBehaviour {
    @Override
    protected KvStore store() {
      return store;
    }
  }

  @Nested
  class Cluster extends ClusterBehaviour {
    @Override
    protected KvStore store() {
      return store;
    }
  }
}
