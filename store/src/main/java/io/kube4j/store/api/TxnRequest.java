package io.kube4j.store.api;

import java.util.List;

/**
 * A transaction: if every compare holds, the success ops run, else the failure ops; atomically, at
 * one revision (which only advances if some op writes).
 */
public record TxnRequest(List<Compare> compares, List<Op> success, List<Op> failure) implements Op {
  public TxnRequest {
    compares = List.copyOf(compares);
    success = List.copyOf(success);
    failure = List.copyOf(failure);
  }
}
