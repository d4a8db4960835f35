package io.kube4j.store.mvcc;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BehaviourSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The behaviour suite against the MVCC state machine alone ({@link LocalKvStore}: no Raft, no network). */
class LocalBehaviourTest extends BehaviourSuite {
  private static LocalKvStore store;

  @BeforeAll
  static void open() {
    store = new LocalKvStore(Long.MAX_VALUE);
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
