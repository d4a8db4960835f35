package io.kube4j.store.raft;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link CrashRecoveryIT}: a one-member store under write load, killed with
 * SIGKILL at a random moment. On start it checks that every write a previous incarnation
 * acknowledged is there with its revision ("VERIFIED n" or "LOST ..."), then prints "READY" and
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
    if (!store.awaitReady(Duration.ofSeconds(60))) {
      System.out.println("NOT-READY");
      System.exit(2);
    }
    Map<String, Long> acked = readAcks(ackFile);
    for (Map.Entry<String, Long> e : acked.entrySet()) {
      List<KeyValue> kvs = store.range(RangeRequest.key(Bytes.of(e.getKey())).withSerializable(true)).kvs();
      if (kvs.isEmpty() || kvs.getFirst().modRevision() != e.getValue()) {
        System.out.println("LOST " + e.getKey() + " acknowledged at " + e.getValue() + ", found "
            + (kvs.isEmpty() ? "nothing" : "revision " + kvs.getFirst().modRevision()));
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
