package io.kube4j.store.api;

import java.util.List;

/**
 * The answer to a {@link DeleteRequest}.
 *
 * @param revision the store's revision after the delete (unchanged when nothing was deleted)
 * @param deleted how many keys were deleted
 * @param prevKvs the deleted key values when asked for, else empty
 */
public record DeleteResult(long revision, long deleted, List<KeyValue> prevKvs) implements OpResult {
  public DeleteResult {
    prevKvs = List.copyOf(prevKvs);
  }
}
