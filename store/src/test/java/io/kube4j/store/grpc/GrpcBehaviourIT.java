package io.kube4j.store.grpc;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BehaviourSuite;
import io.kube4j.store.etcd.EtcdKvStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The behaviour suite through an etcd client, over {@link EtcdGrpcServer}, against the local store: the
 * gRPC layer must make any store look to an etcd client exactly as real etcd does.
 */
class GrpcBehaviourIT extends BehaviourSuite {
  private static EtcdKvStore store;

  @BeforeAll
  static void open() {
    store = ServedLocalStore.newClient();
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Override
  protected KvStore store() {
    return store;
  }
}
