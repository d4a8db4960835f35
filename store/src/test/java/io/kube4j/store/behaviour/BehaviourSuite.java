package io.kube4j.store.behaviour;

import io.kube4j.store.api.KvStore;
import org.junit.jupiter.api.Nested;

/**
 * Every behaviour area a single store must pass, as one runnable suite: a runner extends this and says
 * which store through {@link #store()} (and owns its lifecycle); stores with peers add
 * {@link ClusterBehaviour} as one more nested class.
 */
public abstract class BehaviourSuite {
  /** The store under test. */
  protected abstract KvStore store();

  @Nested
  class Kv extends KvBehaviour {
    @Override
    protected KvStore store() {
      return BehaviourSuite.this.store();
    }
  }

  @Nested
  class Txn extends TxnBehaviour {
    @Override
    protected KvStore store() {
      return BehaviourSuite.this.store();
    }
  }

  @Nested
  class Watch extends WatchBehaviour {
    @Override
    protected KvStore store() {
      return BehaviourSuite.this.store();
    }
  }

  @Nested
  class Lease extends LeaseBehaviour {
    @Override
    protected KvStore store() {
      return BehaviourSuite.this.store();
    }
  }

  @Nested
  class Compaction extends CompactionBehaviour {
    @Override
    protected KvStore store() {
      return BehaviourSuite.this.store();
    }
  }

  @Nested
  class BadInput extends BadInputBehaviour {
    @Override
    protected KvStore store() {
      return BehaviourSuite.this.store();
    }
  }
}
