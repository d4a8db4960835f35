package io.kube4j.store.etcd;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BehaviourSuite;
import io.kube4j.store.behaviour.ClusterBehaviour;
import io.kube4j.store.testing.RealEtcd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The behaviour suite against real etcd (the reference), through {@link EtcdKvStore}. */
class RealEtcdBehaviourIT extends BehaviourSuite {
  private static EtcdKvStore store;

  @BeforeAll
  static void open() {
    store = RealEtcd.shared().newClient();
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Override
  protected KvStore store() {
    return store;
  }

  @Nested
  class Cluster extends ClusterBehaviour {
    @Override
    protected KvStore store() {
      return store;
    }
  }
}
