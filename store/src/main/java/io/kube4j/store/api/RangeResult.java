package io.kube4j.store.api;

import java.util.List;

/**
 * The answer to a {@link RangeRequest}.
 *
 * @param revision the store's current revision when the read was served
 * @param kvs the matching key values, at most {@code limit}; empty for count-only reads
 * @param more whether more keys matched than were returned
 * @param count how many keys matched in all
 */
public record RangeResult(long revision, List<KeyValue> kvs, boolean more, long count) implements OpResult {
  public RangeResult {
    kvs = List.copyOf(kvs);
  }
}
