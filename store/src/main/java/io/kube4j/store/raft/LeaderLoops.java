package io.kube4j.store.raft;

import io.kube4j.store.api.StoreException;
import io.kube4j.store.mvcc.MvccStore;
import io.kube4j.store.mvcc.StoreCommand;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work only the leader does, each on its own virtual thread: revoking expired leases
 * (etcd checks every 500 ms and revokes at most 1000 leases a second) and automatic compaction. Both
 * run on every member but propose only while this member leads, so a new leader picks them up.
 *
 * <p>Thread-safe to {@link #close}; started once.
 */
final class LeaderLoops implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderLoops.class);
  private static final int MAX_REVOKES_PER_SECOND = 1000;

  private final MvccStore mvcc;
  private final Proposer proposer;
  private final BooleanSupplier isLeaderReady;
  private final Duration leaseInterval;
  private final AutoCompaction compaction;
  private volatile boolean running = true;
  private Thread leaseThread;
  private Thread compactionThread;

  LeaderLoops(MvccStore mvcc, Proposer proposer, BooleanSupplier isLeaderReady, Duration leaseInterval,
      AutoCompaction compaction) {
    this.mvcc = mvcc;
    this.proposer = proposer;
    this.isLeaderReady = isLeaderReady;
    this.leaseInterval = leaseInterval;
    this.compaction = compaction;
  }

  synchronized void start() {
    leaseThread = Thread.ofVirtual().name("kube4j-lease-expiry").start(this::leaseLoop);
    if (!(compaction instanceof AutoCompaction.Disabled)) {
      compactionThread = Thread.ofVirtual().name("kube4j-auto-compaction").start(this::compactionLoop);
    }
  }

  private void leaseLoop() {
    int budget = (int) Math.max(1, MAX_REVOKES_PER_SECOND * leaseInterval.toMillis() / 1000);
    while (sleep(leaseInterval)) {
      try {
        if (!isLeaderReady.getAsBoolean()) {
          continue;
        }
        List<Long> expired = mvcc.expiredLeases(System.nanoTime());
        for (Long id : expired.subList(0, Math.min(budget, expired.size()))) {
          if (!running || !isLeaderReady.getAsBoolean()) {
            break;
          }
          revoke(id);
        }
      } catch (RuntimeException e) {
        LOG.warn("Lease expiry check failed; retrying", e);
      }
    }
  }

  private void revoke(long id) {
    try {
      proposer.propose(new RaftCommand.Kv(new StoreCommand.LeaseRevoke(id)));
      LOG.debug("Revoked expired lease {}", Long.toHexString(id));
    } catch (StoreException.NotFound e) {
      // revoked meanwhile (by a client, or by us before a leader change)
    } catch (StoreException e) {
      LOG.info("Could not revoke expired lease {} yet: {}", Long.toHexString(id), e.getMessage());
    }
  }

  private void compactionLoop() {
    while (sleep(compaction.interval())) {
      try {
        OptionalLong target = compaction.tick(System.nanoTime(), mvcc.revision());
        if (target.isEmpty() || !isLeaderReady.getAsBoolean() || target.getAsLong() <= mvcc.compactRevision()) {
          continue;
        }
        proposer.propose(new RaftCommand.Kv(new StoreCommand.Compact(target.getAsLong())));
        LOG.info("Auto-compacted to revision {}", target.getAsLong());
      } catch (StoreException.Compacted | StoreException.FutureRevision e) {
        // somebody compacted further already
      } catch (RuntimeException e) {
        LOG.warn("Auto compaction failed; will retry", e);
      }
    }
  }

  private boolean sleep(Duration d) {
    if (!running) {
      return false;
    }
    try {
      Thread.sleep(d);
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    for (Thread t : new Thread[] {leaseThread, compactionThread}) {
      if (t != null) {
        t.interrupt();
        try {
          t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
