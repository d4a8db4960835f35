package io.kube4j.store.raft;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link CrashRecoveryIT}: a one-member store under write load, killed with
 * SIGKILL at a random moment. On start its first request is a linearizable read, which must show
 * every write a previous incarnation acknowledged, with its revision ("VERIFIED n" or "LOST ..."); then
 * it prints "READY" and
 * writes unique keys from several virtual threads, appending each acknowledged key and revision to
 * the ack file, fsynced, after the store acknowledged it.
 *
 * <p>Arguments: data dir, peer URL, ack file, round, writer threads.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    URI peerUrl = URI.create(args[1]);
    Path ackFile = Path.of(args[2]);
    int round = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);

    RaftKvStore store = RaftKvStore.open(RaftTestSupport.single(dataDir, peerUrl, 300), RaftTestSupport.smallLogs());
    // The first request after the crash is a linearizable read of everything: it must already see
    // every acknowledged write with its revision.
    RangeResult all = firstRead(store);
    if (all == null) {
      System.out.println("NOT-READY");
      System.exit(2);
    }
    Map<String, Long> present = new HashMap<>();
    for (KeyValue kv : all.kvs()) {
      present.put(kv.key().toStringUtf8(), kv.modRevision());
    }
    Map<String, Long> acked = readAcks(ackFile);
    for (Map.Entry<String, Long> e : acked.entrySet()) {
      Long found = present.get(e.getKey());
      if (!e.getValue().equals(found)) {
        System.out.println("LOST " + e.getKey() + " acknowledged at " + e.getValue() + ", found "
            + (found == null ? "nothing" : "revision " + found) + " in a read at revision " + all.revision());
        System.out.flush();
        System.exit(3);
      }
    }
    System.out.println("VERIFIED " + acked.size());
    System.out.println("READY");
    System.out.flush();

    try (FileChannel acks = FileChannel.open(ackFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int writer = t;
        writers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; ; i++) {
            String key = String.format("/crash/%02d/%d/%06d", round, writer, i);
            long revision;
            try {
              revision = store.put(PutRequest.of(Bytes.of(key), Bytes.of("v"))).revision();
            } catch (StoreException.Unavailable e) {
              continue; // unknown outcome: never recorded as acknowledged
            }
            byte[] line = (key + " " + revision + "\n").getBytes(StandardCharsets.UTF_8);
            try {
              synchronized (acks) {
                acks.write(ByteBuffer.wrap(line));
              }
              acks.force(false);
            } catch (IOException e) {
              throw new RuntimeException(e);
            }
          }
        }));
      }
      for (Thread w : writers) {
        w.join(); // until killed
      }
    }
  }

  /** The first linearizable read, retried while no leader is ready (bounded). */
  private static RangeResult firstRead(RaftKvStore store) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        return store.range(RangeRequest.prefix(Bytes.of("/crash/")));
      } catch (StoreException.Unavailable e) {
        Thread.sleep(50);
      }
    }
    return null;
  }

  /** Acknowledged key → revision; a torn last line (killed mid-write) is ignored. */
  static Map<String, Long> readAcks(Path ackFile) throws IOException {
    Map<String, Long> acked = new LinkedHashMap<>();
    if (!Files.exists(ackFile)) {
      return acked;
    }
    String content = Files.readString(ackFile, StandardCharsets.UTF_8);
    int end = content.lastIndexOf('\n');
    if (end < 0) {
      return acked;
    }
    for (String line : content.substring(0, end).split("\n")) {
      String[] parts = line.split(" ");
      if (parts.length == 2 && parts[1].matches("\\d+")) {
        acked.put(parts[0], Long.parseLong(parts[1]));
      }
    }
    return acked;
  }
}
