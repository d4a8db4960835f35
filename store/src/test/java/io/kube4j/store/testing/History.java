package io.kube4j.store.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A recorded client history against a store: every put and linearizable get with its invocation
 * and completion time (monotonic nanos) and outcome, for {@link LinearizabilityChecker}. Values
 * must be unique per put so a read names the put it saw. Thread-safe.
 */
public final class History {
  /** How a put ended: acknowledged with its revision, refused, or unknown (timeout, lost leader). */
  public enum Outcome { OK, FAILED, UNKNOWN }

  public record Put(String key, String value, long invokeNanos, long completeNanos, Outcome outcome, long revision) {}

  /**
   * A read of one key.
   *
   * @param value what it saw, null when absent
   * @param modRevision the mod revision of what it saw, 0 when absent
   * @param headerRevision the store revision the read was served at
   */
  public record Get(String key, long invokeNanos, long completeNanos, String value, long modRevision,
      long headerRevision) {}

  private final List<Put> puts = new ArrayList<>();
  private final List<Get> gets = new ArrayList<>();

  public synchronized void put(Put p) {
    puts.add(p);
  }

  public synchronized void get(Get g) {
    gets.add(g);
  }

  public synchronized List<Put> puts() {
    return List.copyOf(puts);
  }

  public synchronized List<Get> gets() {
    return List.copyOf(gets);
  }
}
