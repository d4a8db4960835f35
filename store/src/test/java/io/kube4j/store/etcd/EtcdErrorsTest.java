package io.kube4j.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.kube4j.store.api.StoreException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EtcdErrorsTest {

  private static StoreException map(Status status) {
    return EtcdErrors.map(status.asRuntimeException(), () -> 42);
  }

  @Test
  void compactedCarriesTheProbedRevisionAndOnlyAsksForIt() {
    AtomicInteger asked = new AtomicInteger();
    StoreException e = EtcdErrors.map(Status.OUT_OF_RANGE
        .withDescription("etcdserver: mvcc: required revision has been compacted").asRuntimeException(),
        () -> asked.incrementAndGet() * 17L);
    assertThat(e).isInstanceOfSatisfying(StoreException.Compacted.class, c -> assertThat(c.compactRevision()).isEqualTo(17));
    EtcdErrors.map(Status.NOT_FOUND.withDescription("etcdserver: requested lease not found").asRuntimeException(),
        () -> asked.incrementAndGet());
    assertThat(asked).hasValue(1);
  }

  @Test
  void keepsEtcdsCodeAndMessage() {
    assertThat(map(Status.OUT_OF_RANGE.withDescription("etcdserver: mvcc: required revision is a future revision")))
        .isInstanceOf(StoreException.FutureRevision.class);
    assertThat(map(Status.INVALID_ARGUMENT.withDescription(StoreException.EMPTY_KEY)))
        .isInstanceOf(StoreException.InvalidArgument.class).hasMessage(StoreException.EMPTY_KEY);
    assertThat(map(Status.NOT_FOUND.withDescription(StoreException.LEASE_NOT_FOUND)))
        .isInstanceOf(StoreException.NotFound.class).hasMessage(StoreException.LEASE_NOT_FOUND);
    assertThat(map(Status.OUT_OF_RANGE.withDescription(StoreException.LEASE_TTL_TOO_LARGE)))
        .isInstanceOf(StoreException.OutOfRange.class).hasMessage(StoreException.LEASE_TTL_TOO_LARGE);
    assertThat(map(Status.FAILED_PRECONDITION.withDescription(StoreException.LEASE_EXISTS)))
        .isInstanceOf(StoreException.FailedPrecondition.class).hasMessage(StoreException.LEASE_EXISTS);
    assertThat(map(Status.RESOURCE_EXHAUSTED.withDescription("etcdserver: mvcc: database space exceeded")))
        .isInstanceOf(StoreException.NoSpace.class);
    assertThat(map(Status.UNAVAILABLE.withDescription(StoreException.NO_LEADER)))
        .isInstanceOf(StoreException.Unavailable.class).hasMessage(StoreException.NO_LEADER);
    assertThat(map(Status.UNKNOWN.withDescription("etcdserver: something new")))
        .isInstanceOf(StoreException.Internal.class).hasMessage("etcdserver: something new");
  }

  @Test
  void choosesTheClosestClassWhereOursHasNoneWithEtcdsCode() {
    assertThat(map(Status.RESOURCE_EXHAUSTED.withDescription("etcdserver: too many requests")))
        .isInstanceOf(StoreException.Unavailable.class);
    assertThat(map(Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size 2097152: 3000000")))
        .isInstanceOf(StoreException.InvalidArgument.class);
    assertThat(map(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 1s")))
        .isInstanceOf(StoreException.Unavailable.class).hasMessage("deadline exceeded after 1s");
    assertThat(map(Status.UNAVAILABLE)).isInstanceOf(StoreException.Unavailable.class).hasMessage("UNAVAILABLE");
  }
}
