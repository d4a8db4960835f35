package io.kube4j.store.grpc;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BadInputBehaviour;
import io.kube4j.store.etcd.EtcdKvStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The BadInput behaviour through an etcd client, over {@link EtcdGrpcServer}, against the local store. */
class GrpcBadInputBehaviourIT extends BadInputBehaviour {
  private static EtcdKvStore store;

  @BeforeAll
  static void connect() {
    store = ServedLocalStore.newClient();
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
