package io.kube4j.store.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.StoreException.Code;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests: each fails with etcd's code and message and changes nothing (the revision and
 * the keys stay as they were).
 */
public abstract class BadInputBehaviour extends StoreBehaviour {
  /** Above the 1.5 MiB request limit, below gRPC's own 2 MiB frame cap, so the store itself refuses. */
  private static final int TOO_LARGE = 1_600 * 1024;

  /** Expects {@code call} to fail as etcd does, and the store to be as before. */
  private void refused(Class<? extends StoreException> type, Code code, String message, ThrowingCallable call) {
    KeyValue before = get("k");
    long revision = currentRevision();
    expectError(type, code, message, call);
    assertThat(currentRevision()).as("revision unchanged").isEqualTo(revision);
    assertThat(get("k")).as("key unchanged").isEqualTo(before);
  }

  private void invalid(String message, ThrowingCallable call) {
    refused(StoreException.InvalidArgument.class, Code.INVALID_ARGUMENT, message, call);
  }

  @Test
  void aValueOverTheRequestLimitIsTooLarge() {
    put("k", "small");
    Bytes big = Bytes.wrap(filled(TOO_LARGE));
    invalid(StoreException.REQUEST_TOO_LARGE, () -> store().put(PutRequest.of(key("k"), big)));
    invalid(StoreException.REQUEST_TOO_LARGE, () -> store().put(PutRequest.of(key("other"), big)));
    invalid(StoreException.REQUEST_TOO_LARGE,
        () -> store().txn(new TxnRequest(List.of(), List.of(PutRequest.of(key("k"), big)), List.of())));
    assertThat(get("other")).isNull();
    // Just under the limit is fine.
    Bytes fits = Bytes.wrap(filled(1_400 * 1024));
    store().put(PutRequest.of(key("fits"), fits));
    assertThat(get("fits").value()).isEqualTo(fits);
  }

  private static byte[] filled(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  @Test
  void anEmptyKeyIsRefused() {
    put("k", "v");
    invalid(StoreException.EMPTY_KEY, () -> store().put(PutRequest.of(Bytes.EMPTY, value("v"))));
    invalid(StoreException.EMPTY_KEY, () -> store().range(RangeRequest.key(Bytes.EMPTY)));
    invalid(StoreException.EMPTY_KEY, () -> store().delete(DeleteRequest.key(Bytes.EMPTY)));
    invalid(StoreException.EMPTY_KEY,
        () -> store().txn(new TxnRequest(List.of(), List.of(PutRequest.of(Bytes.EMPTY, value("v"))), List.of())));
  }

  @Test
  void aRangeAtAFutureRevisionIsRefused() {
    long now = put("k", "v");
    refused(StoreException.FutureRevision.class, Code.OUT_OF_RANGE,
        "etcdserver: mvcc: required revision is a future revision",
        () -> store().range(RangeRequest.key(key("k")).atRevision(now + 1000)));
  }

  @Test
  void unknownLeasesAreRefusedWithoutWriting() {
    put("k", "v");
    long unknown = 0x7eed_0000_0000_0001L;
    refused(StoreException.NotFound.class, Code.NOT_FOUND, StoreException.LEASE_NOT_FOUND,
        () -> store().put(PutRequest.of(key("k"), value("new")).withLease(unknown)));
    refused(StoreException.NotFound.class, Code.NOT_FOUND, StoreException.LEASE_NOT_FOUND,
        () -> store().txn(new TxnRequest(List.of(), List.of(
            PutRequest.of(key("other"), value("x")),
            PutRequest.of(key("k"), value("new")).withLease(unknown)), List.of())));
    assertThat(get("other")).as("no op of a refused txn applies").isNull();
    refused(StoreException.NotFound.class, Code.NOT_FOUND, StoreException.LEASE_NOT_FOUND,
        () -> store().leaseRevoke(unknown));
  }

  @Test
  void aTxnWithMoreOpsThanTheLimitIsRefused() {
    put("k", "v");
    List<Op> tooMany = new ArrayList<>();
    for (int i = 0; i < 129; i++) {
      tooMany.add(PutRequest.of(key("op" + i), value("x")));
    }
    invalid(StoreException.TOO_MANY_OPS, () -> store().txn(new TxnRequest(List.of(), tooMany, List.of())));
    assertThat(store().range(RangeRequest.prefix(key("op")).withCountOnly(true)).count()).isZero();
    // The limit itself is allowed, and is one revision.
    long before = currentRevision();
    TxnResult limit = store().txn(new TxnRequest(List.of(), tooMany.subList(0, 128), List.of()));
    assertThat(limit.revision()).isEqualTo(before + 1);
    assertThat(store().range(RangeRequest.prefix(key("op")).withCountOnly(true)).count()).isEqualTo(128);
  }

  @Test
  void aTxnWritingOneKeyTwiceIsRefused() {
    put("k", "v");
    invalid(StoreException.DUPLICATE_KEY, () -> store().txn(new TxnRequest(List.of(),
        List.of(PutRequest.of(key("k"), value("1")), PutRequest.of(key("k"), value("2"))), List.of())));
    invalid(StoreException.DUPLICATE_KEY, () -> store().txn(new TxnRequest(List.of(),
        List.of(PutRequest.of(key("k"), value("1")), DeleteRequest.prefix(prefix())), List.of())));
    // Two deletes may overlap, and a read may see a written key.
    TxnResult allowed = store().txn(new TxnRequest(List.of(),
        List.of(DeleteRequest.key(key("x")), DeleteRequest.prefix(prefix()), RangeRequest.key(key("k"))), List.of()));
    assertThat(allowed.succeeded()).isTrue();
  }

  @Test
  void ignoreValueOrLeaseWithAValueOrLeaseIsRefused() {
    put("k", "v");
    long lease = store().leaseGrant(300, 0).id();
    try {
      invalid(StoreException.VALUE_PROVIDED,
          () -> store().put(new PutRequest(key("k"), value("x"), 0, false, true, false)));
      invalid(StoreException.LEASE_PROVIDED,
          () -> store().put(new PutRequest(key("k"), value("x"), lease, false, false, true)));
      invalid(StoreException.KEY_NOT_FOUND,
          () -> store().put(new PutRequest(key("missing"), Bytes.EMPTY, 0, false, true, false)));
      invalid(StoreException.KEY_NOT_FOUND,
          () -> store().put(new PutRequest(key("missing"), value("x"), 0, false, false, true)));
    } finally {
      store().leaseRevoke(lease);
    }
  }
}
