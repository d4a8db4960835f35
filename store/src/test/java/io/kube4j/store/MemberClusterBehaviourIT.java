package io.kube4j.store;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.ClusterBehaviour;
import io.kube4j.store.etcd.EtcdKvStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Cluster behaviour against what {@code kube4j store} runs, through an etcd client over gRPC. */
class MemberClusterBehaviourIT extends ClusterBehaviour {
  private static EtcdKvStore store;

  @BeforeAll
  static void connect() {
    store = ServedStoreMember.newClient();
  }

  @AfterAll
  static void disconnect() {
    store.close();
  }

  @Override
  protected KvStore store() {
    return store;
  }
}
