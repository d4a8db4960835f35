package io.kube4j.store;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BehaviourSuite;
import io.kube4j.store.behaviour.ClusterBehaviour;
import io.kube4j.store.etcd.EtcdKvStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour suite against what {@code kube4j store} runs (a one-member {@link StoreMember}: Raft log
 * on disk, etcd gRPC API on loopback), through the etcd client the suite also runs against real etcd.
 */
class MemberBehaviourIT extends BehaviourSuite {
  private static EtcdKvStore store;

  @BeforeAll
  static void open() {
    store = ServedStoreMember.newClient();
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
