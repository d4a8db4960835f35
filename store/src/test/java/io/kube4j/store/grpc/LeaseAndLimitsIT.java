package io.kube4j.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.LeaseKeepAliveRequest;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.TxnRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.proto.LeaseLeasesMethod;
import io.kube4j.store.proto.ProtoCodec;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lease RPCs, etcd-only fields and message limits on the wire, through jetcd's generated stubs. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LeaseAndLimitsIT {
  private static LocalEtcdServer etcd;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    etcd = new LocalEtcdServer();
    channel = NettyChannelBuilder.forAddress(etcd.endpoint.getHost(), etcd.endpoint.getPort()).usePlaintext()
        .maxInboundMessageSize(16 * 1024 * 1024).build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    etcd.close();
  }

  @Test
  void keepAliveStreamAnswersEveryRequestInOrderAndZeroForUnknownLeases() throws Exception {
    long id = etcd.kv.leaseGrant(40, 0).id();
    BlockingQueue<LeaseKeepAliveResponse> answers = new LinkedBlockingQueue<>();
    StreamObserver<LeaseKeepAliveRequest> requests = LeaseGrpc.newStub(channel).leaseKeepAlive(
        new StreamObserver<>() {
          @Override
          public void onNext(LeaseKeepAliveResponse value) {
            answers.add(value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    try {
      for (long ask : List.of(id, 424242L, id)) {
        requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(ask).build());
      }
      LeaseKeepAliveResponse first = answers.poll(30, TimeUnit.SECONDS);
      LeaseKeepAliveResponse unknown = answers.poll(30, TimeUnit.SECONDS);
      LeaseKeepAliveResponse third = answers.poll(30, TimeUnit.SECONDS);
      assertThat(first.getID()).isEqualTo(id);
      assertThat(first.getTTL()).isEqualTo(40);
      assertThat(first.getHeader().getMemberId()).isEqualTo(LocalEtcdServer.MEMBER_ID);
      assertThat(unknown.getID()).isEqualTo(424242L);
      assertThat(unknown.getTTL()).isZero();
      assertThat(third.getID()).isEqualTo(id);
      assertThat(third.getTTL()).isEqualTo(40);
    } finally {
      requests.onCompleted();
      etcd.kv.leaseRevoke(id);
    }
  }

  @Test
  void leaseLeasesListsEveryLiveLease() {
    long a = etcd.kv.leaseGrant(60, 0).id();
    long b = etcd.kv.leaseGrant(60, 0).id();
    try {
      var listed = ClientCalls.blockingUnaryCall(channel, LeaseLeasesMethod.DESCRIPTOR, CallOptions.DEFAULT,
          Empty.getDefaultInstance());
      assertThat(listed.ids()).contains(a, b);
      assertThat(listed.header().getClusterId()).isEqualTo(LocalEtcdServer.CLUSTER_ID);
    } finally {
      etcd.kv.leaseRevoke(a);
      etcd.kv.leaseRevoke(b);
    }
  }

  @Test
  void aLeaseCompareCrossesTheWire() {
    long id = etcd.kv.leaseGrant(60, 0).id();
    try {
      var kv = KVGrpc.newBlockingStub(channel);
      kv.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("lc/k")).setLease(id).build());
      Compare holds = Compare.lease(Bytes.of("lc/k"), Compare.Result.EQUAL, id);
      Compare fails = Compare.lease(Bytes.of("lc/k"), Compare.Result.EQUAL, id + 1);
      assertThat(kv.txn(TxnRequest.newBuilder().addCompare(ProtoCodec.toProto(holds)).build()).getSucceeded())
          .isTrue();
      assertThat(kv.txn(TxnRequest.newBuilder().addCompare(ProtoCodec.toProto(fails)).build()).getSucceeded())
          .isFalse();
    } finally {
      etcd.kv.leaseRevoke(id);
    }
  }

  @Test
  void requestsPastTheLimitsFailAsInEtcd() {
    var kv = KVGrpc.newBlockingStub(channel);
    // Past --max-request-bytes but within the gRPC limit: the store refuses it, with etcd's message.
    ByteString large = ByteString.copyFrom(new byte[KvStore.DEFAULT_MAX_REQUEST_BYTES + 100 * 1024]);
    Status tooLarge = Status.fromThrowable(catchThrowable(() ->
        kv.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("big")).setValue(large).build())));
    assertThat(tooLarge.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooLarge.getDescription()).isEqualTo("etcdserver: request is too large");
    // Past --max-request-bytes + 512 KiB: gRPC itself refuses the message.
    ByteString huge = ByteString.copyFrom(new byte[KvStore.DEFAULT_MAX_REQUEST_BYTES
        + EtcdGrpcServer.GRPC_OVERHEAD_BYTES + 1024]);
    Status refused = Status.fromThrowable(catchThrowable(() ->
        kv.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("big")).setValue(huge).build())));
    assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    // An unknown sort order is refused before reaching the store.
    Status badSort = Status.fromThrowable(catchThrowable(() ->
        kv.range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).setSortOrderValue(7).build())));
    assertThat(badSort.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badSort.getDescription()).isEqualTo("etcdserver: invalid sort option");
  }
}
