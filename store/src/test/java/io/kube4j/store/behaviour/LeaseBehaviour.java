package io.kube4j.store.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Lease;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leases: grant, keep-alive, time-to-live, revoke, expiry, listing, unknown ids. Every lease a test
 * grants is revoked at its end (a lease left to expire would delete keys, and so take a revision, in
 * the middle of a later test).
 */
public abstract class LeaseBehaviour extends StoreBehaviour {
  /** Long enough never to expire during a test. */
  private static final long LONG_TTL = 600;

  private final List<Long> granted = new ArrayList<>();

  private long grant(long ttl) {
    long id = store().leaseGrant(ttl, 0).id();
    granted.add(id);
    return id;
  }

  @AfterEach
  void revokeGranted() {
    for (long id : granted) {
      try {
        store().leaseRevoke(id);
      } catch (StoreException.NotFound alreadyGone) {
        // revoked or expired by the test
      }
    }
  }

  private static long unusedId() {
    return ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE);
  }

  @Test
  void grantChoosesAnIdWhenGivenNone() {
    Lease.Grant grant = store().leaseGrant(LONG_TTL, 0);
    granted.add(grant.id());
    assertThat(grant.id()).isPositive();
    assertThat(grant.ttl()).isEqualTo(LONG_TTL);
    Lease.Grant other = store().leaseGrant(LONG_TTL, 0);
    granted.add(other.id());
    assertThat(other.id()).isNotEqualTo(grant.id());
    assertThat(store().leases()).contains(grant.id(), other.id());
  }

  @Test
  void grantTakesTheGivenIdOnce() {
    long id = unusedId();
    Lease.Grant grant = store().leaseGrant(LONG_TTL, id);
    granted.add(id);
    assertThat(grant.id()).isEqualTo(id);
    expectError(StoreException.FailedPrecondition.class, StoreException.Code.FAILED_PRECONDITION,
        StoreException.LEASE_EXISTS, () -> store().leaseGrant(LONG_TTL, id));
  }

  @Test
  void grantingTakesNoRevision() {
    long before = put("k", "v");
    Lease.Grant grant = store().leaseGrant(LONG_TTL, 0);
    granted.add(grant.id());
    assertThat(grant.revision()).isEqualTo(before);
    assertThat(currentRevision()).isEqualTo(before);
  }

  @Test
  void keepAliveRenewsToTheFullTtl() {
    long id = grant(LONG_TTL);
    Lease.KeepAlive renewed = store().leaseKeepAlive(id);
    assertThat(renewed.id()).isEqualTo(id);
    assertThat(renewed.ttl()).isEqualTo(LONG_TTL);
    Lease.TimeToLive ttl = store().leaseTimeToLive(id, false);
    assertThat(ttl.ttl()).isBetween(LONG_TTL - 2, LONG_TTL);
  }

  @Test
  void timeToLiveReportsTtlsAndAttachedKeys() {
    long id = grant(LONG_TTL);
    store().put(PutRequest.of(key("a"), value("1")).withLease(id));
    store().put(PutRequest.of(key("b"), value("2")).withLease(id));
    put("unleased", "3");
    Lease.TimeToLive withKeys = store().leaseTimeToLive(id, true);
    assertThat(withKeys.id()).isEqualTo(id);
    assertThat(withKeys.grantedTtl()).isEqualTo(LONG_TTL);
    assertThat(withKeys.ttl()).isBetween(LONG_TTL - 2, LONG_TTL);
    assertThat(withKeys.keys()).containsExactlyInAnyOrder(key("a"), key("b"));
    assertThat(store().leaseTimeToLive(id, false).keys()).isEmpty();
    assertThat(get("a").lease()).isEqualTo(id);
  }

  @Test
  void revokeDeletesTheAttachedKeysInOneRevision() {
    long id = grant(LONG_TTL);
    RecordingListener listener = new RecordingListener();
    try (Watch watch = store().watch(WatchRequest.prefix(prefix()), listener)) {
      store().put(PutRequest.of(key("a"), value("1")).withLease(id));
      long last = store().put(PutRequest.of(key("b"), value("2")).withLease(id)).revision();
      put("unleased", "3");
      long revoked = store().leaseRevoke(id);
      assertThat(revoked).isEqualTo(last + 2);
      assertThat(names(store().range(RangeRequest.prefix(prefix())).kvs())).containsExactly("unleased");
      listener.awaitEvents(5);
      assertThat(listener.eventsOf(revoked)).extracting(e -> e.type() + " " + names(List.of(e.kv())).getFirst())
          .containsExactlyInAnyOrder("DELETE a", "DELETE b");
    }
    assertThat(store().leaseTimeToLive(id, false).ttl()).isEqualTo(-1);
    assertThat(store().leases()).doesNotContain(id);
  }

  @Test
  void revokingALeaseWithoutKeysTakesNoRevision() {
    long id = grant(LONG_TTL);
    long before = put("k", "v");
    assertThat(store().leaseRevoke(id)).isEqualTo(before);
  }

  @Test
  void anExpiredLeaseDeletesItsKeys() {
    long id = grant(2);
    store().put(PutRequest.of(key("a"), value("1")).withLease(id));
    store().put(PutRequest.of(key("b"), value("2")).withLease(id));
    put("unleased", "3");
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
        .until(() -> get("a") == null && get("b") == null);
    assertThat(get("unleased")).isNotNull();
    assertThat(store().leaseTimeToLive(id, true).ttl()).isEqualTo(-1);
    assertThat(store().leases()).doesNotContain(id);
  }

  @Test
  void unknownLeaseIdsAreRefused() {
    long unknown = unusedId();
    Bytes k = key("k");
    long before = currentRevision();
    expectError(StoreException.NotFound.class, StoreException.Code.NOT_FOUND, StoreException.LEASE_NOT_FOUND,
        () -> store().put(PutRequest.of(k, value("v")).withLease(unknown)));
    expectError(StoreException.NotFound.class, StoreException.Code.NOT_FOUND, StoreException.LEASE_NOT_FOUND,
        () -> store().leaseRevoke(unknown));
    expectError(StoreException.NotFound.class, StoreException.Code.NOT_FOUND, StoreException.LEASE_NOT_FOUND,
        () -> store().leaseKeepAlive(unknown));
    Lease.TimeToLive ttl = store().leaseTimeToLive(unknown, true);
    assertThat(ttl.id()).isEqualTo(unknown);
    assertThat(ttl.ttl()).as("etcd answers -1 rather than an error").isEqualTo(-1);
    assertThat(ttl.keys()).isEmpty();
    assertThat(get("k")).isNull();
    assertThat(currentRevision()).isEqualTo(before);
  }

  @Test
  void aTtlAboveTheMaximumIsRefused() {
    expectError(StoreException.OutOfRange.class, StoreException.Code.OUT_OF_RANGE,
        StoreException.LEASE_TTL_TOO_LARGE, () -> store().leaseGrant(io.kube4j.store.api.KvStore.MAX_LEASE_TTL + 1, 0));
  }

  @Test
  void listShowsLiveLeasesOnly() {
    long a = grant(LONG_TTL);
    long b = grant(LONG_TTL);
    assertThat(store().leases()).contains(a, b);
    store().leaseRevoke(a);
    assertThat(store().leases()).contains(b).doesNotContain(a);
  }
}
