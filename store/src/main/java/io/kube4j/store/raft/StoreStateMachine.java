package io.kube4j.store.raft;

import io.kube4j.store.api.StoreException;
import io.kube4j.store.mvcc.MvccStore;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state machine: applies committed log entries to the {@link MvccStore} and the
 * {@link MemberTable} in log order, answers with the encoded result (or the encoded
 * {@link StoreException}: failures are as deterministic as results), and snapshots both.
 *
 * <p>Threading: Ratis calls {@link #applyTransaction}, {@link #takeSnapshot}, {@link #reinitialize}
 * and {@link #notifyLeaderReady} from its single state-machine updater thread, so the MVCC store
 * keeps its single writer and a snapshot sees exactly the state at the last applied index.
 * {@link #query} runs on Ratis' read threads after the ReadIndex has been applied here.
 *
 * <p>Snapshots are one file per snapshot in Ratis' {@link SimpleStateMachineStorage} layout
 * ({@code snapshot.<term>_<index>} plus its {@code .md5}), written by {@link SnapshotFile}. A lagging
 * follower gets the same file from the leader through Ratis' snapshot installation, then
 * {@link #reinitialize} loads it.
 */
public final class StoreStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(StoreStateMachine.class);

  /** Read-only query: answered once the ReadIndex is applied here; the reply is empty. */
  public static final Message QUERY_BARRIER = Message.valueOf(ByteString.copyFrom(new byte[] {1}));
  /** Read-only query: the member table, encoded as a list of members. */
  public static final Message QUERY_MEMBERS = Message.valueOf(ByteString.copyFrom(new byte[] {2}));

  private final MvccStore mvcc;
  private final MemberTable members;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  /** Guards nothing but the wait for {@link #awaitApplied}; notified after every applied index. */
  private final Object appliedMonitor = new Object();

  StoreStateMachine(MvccStore mvcc, MemberTable members) {
    this.mvcc = mvcc;
    this.members = members;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      storage.init(raftStorage);
      load(storage.getLatestSnapshot());
    });
  }

  /** Called after a snapshot was installed from the leader (the state machine is paused). */
  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  @Override
  public void pause() {
    if (getLifeCycleState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    Object reply;
    try {
      RaftCommand command = CommandCodec.decode(entry.getStateMachineLogEntry().getLogData().newInput());
      reply = switch (command) {
        case RaftCommand.Kv kv -> mvcc.apply(kv.command());
        case MemberCommand m -> members.apply(m);
      };
    } catch (StoreException e) {
      reply = e; // deterministic: every member fails the same way and changed nothing
    } catch (IllegalArgumentException e) {
      // An entry we cannot read (written by a newer version, or corrupt). Skipping it while others apply
      // it would fork the state: throwing here makes Ratis stop this member, as etcd panics.
      throw new IllegalStateException("cannot decode log entry " + entry.getIndex(), e);
    }
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    signalApplied();
    return CompletableFuture.completedFuture(
        Message.valueOf(UnsafeByteOperations.unsafeWrap(CommandCodec.encodeReply(reply))));
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    ByteString content = request.getContent();
    if (content.equals(QUERY_BARRIER.getContent())) {
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    if (content.equals(QUERY_MEMBERS.getContent())) {
      return CompletableFuture.completedFuture(
          Message.valueOf(UnsafeByteOperations.unsafeWrap(CommandCodec.encodeReply(members.all()))));
    }
    return CompletableFuture.failedFuture(new IllegalArgumentException("unknown query " + content));
  }

  /** Configuration and metadata entries count as applied too. */
  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    super.notifyTermIndexUpdated(term, index);
    signalApplied();
  }

  /**
   * Waits until this member has applied {@code index} (or a snapshot past it).
   *
   * @return whether it had by {@code deadlineNanos} ({@link System#nanoTime()} based)
   */
  boolean awaitApplied(long index, long deadlineNanos) throws InterruptedException {
    synchronized (appliedMonitor) {
      while (appliedIndex() < index) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(appliedMonitor, left);
      }
      return true;
    }
  }

  private long appliedIndex() {
    TermIndex last = getLastAppliedTermIndex();
    return last == null ? -1 : last.getIndex();
  }

  private void signalApplied() {
    synchronized (appliedMonitor) {
      appliedMonitor.notifyAll();
    }
  }

  /** This member now leads and has applied every entry of earlier terms: restart every lease's clock. */
  @Override
  public void notifyLeaderReady() {
    mvcc.promoteLeases(System.nanoTime());
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() <= 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    long started = System.nanoTime();
    MD5Hash md5 = SnapshotFile.write(file, out -> {
      members.writeTo(out);
      mvcc.writeSnapshot(out);
    });
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
    LOG.info("Snapshot at {} written to {} ({} bytes) in {} ms", last, file.getName(), file.length(),
        (System.nanoTime() - started) / 1_000_000);
    return last.getIndex();
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return; // a new member: the log holds everything
    }
    File file = snapshot.getFile().getPath().toFile();
    long started = System.nanoTime();
    try (DataInputStream in = SnapshotFile.open(file)) {
      members.readFrom(in);
      mvcc.restoreSnapshot(in);
    }
    setLastAppliedTermIndex(snapshot.getTermIndex());
    signalApplied();
    LOG.info("Loaded snapshot {} ({} bytes) in {} ms", snapshot.getTermIndex(), file.length(),
        (System.nanoTime() - started) / 1_000_000);
  }
}
