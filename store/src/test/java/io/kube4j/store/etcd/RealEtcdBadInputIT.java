package io.kube4j.store.etcd;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BadInputBehaviour;
import io.kube4j.store.testing.RealEtcd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The BadInput behaviour against real etcd (the reference), through {@link EtcdKvStore}. */
class RealEtcdBadInputIT extends BadInputBehaviour {
  private static EtcdKvStore store;

  @BeforeAll
  static void connect() {
    store = RealEtcd.shared().newClient();
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
