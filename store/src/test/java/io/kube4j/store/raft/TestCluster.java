package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kube4j.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Store members of one cluster in this JVM, on loopback; each member keeps its data dir across restarts. */
final class TestCluster implements AutoCloseable {
  final Map<String, URI> peers;
  private final Path root;
  private final long snapshotCount;
  private final RaftTuning tuning;
  private final Map<String, StoreConfig> configs = new LinkedHashMap<>();
  private final Map<String, RaftKvStore> running = new LinkedHashMap<>();

  TestCluster(Path root, int members, long snapshotCount, RaftTuning tuning) {
    this.root = root;
    this.peers = RaftTestSupport.cluster(members);
    this.snapshotCount = snapshotCount;
    this.tuning = tuning;
    for (String name : peers.keySet()) {
      configs.put(name, RaftTestSupport.config(name, root.resolve(name), peers, "new", snapshotCount));
    }
  }

  /** Starts every member (a new cluster needs a quorum up before anyone is ready) and waits for a leader. */
  TestCluster start() {
    for (String name : configs.keySet()) {
      open(name);
    }
    for (String name : configs.keySet()) {
      assertThat(running.get(name).awaitReady(Duration.ofSeconds(60))).as("%s ready", name).isTrue();
    }
    return this;
  }

  private synchronized RaftKvStore open(String name) {
    try {
      RaftKvStore store = RaftKvStore.open(configs.get(name), tuning);
      running.put(name, store);
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Restarts a stopped member on its data dir and waits until it has caught up to a leader. */
  RaftKvStore restart(String name) {
    RaftKvStore store = open(name);
    assertThat(store.awaitReady(Duration.ofSeconds(60))).as("%s ready after restart", name).isTrue();
    return store;
  }

  /** Starts a member added with MemberAdd: {@code initial-cluster-state=existing}, every peer listed. */
  RaftKvStore join(String name, URI peerUrl) {
    Map<String, URI> all = new LinkedHashMap<>(peers);
    all.put(name, peerUrl);
    configs.put(name, RaftTestSupport.config(name, root.resolve(name), all, "existing", snapshotCount));
    RaftKvStore store = open(name);
    boolean ready = store.awaitReady(Duration.ofSeconds(60));
    assertThat(ready).as("%s ready after joining: %s", name, describe()).isTrue();
    return store;
  }

  synchronized void stop(String name) {
    RaftKvStore store = running.remove(name);
    if (store != null) {
      store.close();
    }
  }

  synchronized RaftKvStore member(String name) {
    RaftKvStore store = running.get(name);
    assertThat(store).as("%s running", name).isNotNull();
    return store;
  }

  synchronized List<String> runningNames() {
    return new ArrayList<>(running.keySet());
  }

  /** The running member every running member agrees leads. */
  String awaitLeader() {
    String[] leader = new String[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
      List<String> leaders = runningNames().stream().filter(n -> member(n).isLeader()).toList();
      if (leaders.size() != 1) {
        return false;
      }
      long id = member(leaders.getFirst()).memberId();
      leader[0] = leaders.getFirst();
      return runningNames().stream().allMatch(n -> member(n).leaderId() == id);
    });
    return leader[0];
  }

  String aFollower() {
    String leader = awaitLeader();
    return runningNames().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
  }

  /** Each running member's view, for failure messages. */
  synchronized String describe() {
    StringBuilder sb = new StringBuilder();
    for (var e : running.entrySet()) {
      var status = e.getValue().status();
      sb.append(String.format("%s{id=%x leader=%x term=%d applied=%d revision=%d", e.getKey(), status.memberId(),
          status.leader(), status.raftTerm(), status.raftIndex(), status.revision()));
      try {
        var d = e.getValue().division();
        var log = d.getRaftLog();
        sb.append(String.format(" role=%s ready=%s commit=%d flush=%d last=%s conf=%s", d.getInfo().getCurrentRole(),
            d.getInfo().isLeaderReady(), log.getLastCommittedIndex(), log.getFlushIndex(), log.getLastEntryTermIndex(),
            d.getRaftConf()));
      } catch (IOException x) {
        sb.append(" division: ").append(x);
      }
      sb.append("} ");
    }
    return sb.toString();
  }

  @Override
  public synchronized void close() {
    for (RaftKvStore store : running.values()) {
      store.close();
    }
    running.clear();
  }
}
