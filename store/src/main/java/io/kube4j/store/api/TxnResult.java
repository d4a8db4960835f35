package io.kube4j.store.api;

import java.util.List;

/**
 * The answer to a {@link TxnRequest}.
 *
 * @param succeeded whether the compares held (and so the success branch ran)
 * @param responses one result per op of the branch that ran, in order
 */
public record TxnResult(long revision, boolean succeeded, List<OpResult> responses) implements OpResult {
  public TxnResult {
    responses = List.copyOf(responses);
  }
}
