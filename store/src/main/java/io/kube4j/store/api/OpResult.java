package io.kube4j.store.api;

/** The result of one {@link Op}; every result carries the store revision it was served at. */
public sealed interface OpResult permits RangeResult, PutResult, DeleteResult, TxnResult {
  /** The store's revision after the request (etcd's {@code header.revision}). */
  long revision();
}
