package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 under write load, repeatedly: a child JVM ({@link CrashWriter}) writes from 8 virtual
 * threads and records every acknowledged write; the parent SIGKILLs it at seeded random moments and
 * restarts it on the same data dir. Every acknowledged write must survive with its revision, and the
 * revisions must stay contiguous (no hole, no reuse) across all the crashes.
 *
 * <p>{@code -Dcrash.rounds=N} (default 8) and {@code -Dcrash.seed=S} (default: time, printed).
 */
@Timeout(900)
class CrashRecoveryIT {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void acknowledgedWritesSurviveRepeatedKill9WithContiguousRevisions() throws Exception {
    int rounds = Integer.getInteger("crash.rounds", 8);
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.printf("CrashRecoveryIT: %d rounds, seed %d (rerun with -Dcrash.seed=%d)%n", rounds, seed, seed);
    Random random = new Random(seed);
    Path data = dir.resolve("data");
    Path acks = dir.resolve("acks.txt");
    URI peerUrl = RaftTestSupport.freePeerUrl();

    List<Integer> verified = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      Process child = startChild(data, peerUrl, acks, round);
      BlockingQueue<String> lines = pump(child);
      try {
        String line;
        while (true) {
          line = lines.poll(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          assertThat(line).as("round %d: child output before READY (seed %d)", round, seed).isNotNull();
          assertThat(line).as("round %d (seed %d)", round, seed).doesNotStartWith("LOST").isNotEqualTo("NOT-READY");
          if (line.startsWith("VERIFIED ")) {
            verified.add(Integer.parseInt(line.substring(9)));
          }
          if (line.equals("READY")) {
            break;
          }
        }
        long killAfter = 200 + random.nextInt(1800);
        Thread.sleep(killAfter);
        assertThat(child.isAlive()).as("round %d: child still writing (seed %d)", round, seed).isTrue();
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no snapshot
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      System.out.printf("round %d: killed; %d writes acknowledged so far%n", round, CrashWriter.readAcks(acks).size());
    }

    Map<String, Long> acked = CrashWriter.readAcks(acks);
    assertThat(acked).as("writes acknowledged before the kills").hasSizeGreaterThan(rounds * 10);
    assertThat(verified).as("each restart re-checked the previous acks").hasSize(rounds).isSorted();

    try (RaftKvStore store = RaftKvStore.open(RaftTestSupport.single(data, peerUrl, 300), RaftTestSupport.smallLogs())) {
      assertThat(store.awaitReady(Duration.ofSeconds(60))).isTrue();
      RangeResult all = store.range(RangeRequest.prefix(Bytes.of("/crash/")));
      long current = store.status().revision();
      for (Map.Entry<String, Long> e : acked.entrySet()) {
        KeyValue kv = store.range(RangeRequest.key(Bytes.of(e.getKey()))).kvs().stream().findFirst().orElse(null);
        assertThat(kv).as("acknowledged %s (seed %d)", e.getKey(), seed).isNotNull();
        assertThat(kv.modRevision()).as("revision of %s (seed %d)", e.getKey(), seed).isEqualTo(e.getValue());
      }
      // Puts of unique keys only: every revision 1..current is the mod revision of exactly one key.
      List<Long> revisions = all.kvs().stream().map(KeyValue::modRevision).sorted().toList();
      assertThat(revisions).as("contiguous revisions (seed %d)", seed)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, current).boxed().toList());
      System.out.printf("CrashRecoveryIT: %d rounds, %d acknowledged, %d revisions, all present and contiguous%n",
          rounds, acked.size(), current);
    }
  }

  private static Process startChild(Path data, URI peerUrl, Path acks, int round) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
        "--enable-native-access=ALL-UNNAMED",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        CrashWriter.class.getName(), data.toString(), peerUrl.toString(), acks.toString(), String.valueOf(round),
        "8"));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
        .directory(new File(".")).start();
  }

  /** The child's output, line by line, on a virtual thread (so the pipe never fills). */
  private static BlockingQueue<String> pump(Process child) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.equals("READY") || line.startsWith("VERIFIED") || line.startsWith("LOST")
              || line.equals("NOT-READY")) {
            lines.add(line);
          } else if (line.contains("ERROR") || line.contains("Exception")) {
            System.out.println("child: " + line);
          }
        }
      } catch (java.io.IOException e) {
        // the child died
      }
    });
    return lines;
  }
}
