package io.kube4j.store.mvcc;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.behaviour.BadInputBehaviour;
import io.kube4j.store.behaviour.CompactionBehaviour;
import io.kube4j.store.behaviour.KvBehaviour;
import io.kube4j.store.behaviour.LeaseBehaviour;
import io.kube4j.store.behaviour.TxnBehaviour;
import io.kube4j.store.behaviour.WatchBehaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The behaviour suite against the MVCC state machine alone ({@link LocalKvStore}: no Raft, no network). */
class LocalBehaviourTest {
  private static LocalKvStore store;

  @BeforeAll
  static void open() {
    store = new LocalKvStore(Long.MAX_VALUE);
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
}
