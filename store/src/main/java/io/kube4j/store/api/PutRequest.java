package io.kube4j.store.api;

/**
 * A write of one key, as etcd's {@code PutRequest}.
 *
 * @param lease the lease to attach, 0 for none
 * @param prevKv whether to return the key value before the put
 * @param ignoreValue keep the current value (the key must exist; value must then be empty)
 * @param ignoreLease keep the current lease (the key must exist; lease must then be 0)
 */
public record PutRequest(Bytes key, Bytes value, long lease, boolean prevKv, boolean ignoreValue, boolean ignoreLease)
    implements Op {

  public static PutRequest of(Bytes key, Bytes value) {
    return new PutRequest(key, value, 0, false, false, false);
  }

  public PutRequest withLease(long lease) {
    return new PutRequest(key, value, lease, prevKv, ignoreValue, ignoreLease);
  }

  public PutRequest withPrevKv(boolean prevKv) {
    return new PutRequest(key, value, lease, prevKv, ignoreValue, ignoreLease);
  }
}
