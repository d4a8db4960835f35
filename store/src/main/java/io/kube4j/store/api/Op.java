package io.kube4j.store.api;

/** A request that may stand inside a transaction: range, put, delete or a nested txn. */
public sealed interface Op permits RangeRequest, PutRequest, DeleteRequest, TxnRequest {}
