package io.kube4j.store.etcd;

import com.google.protobuf.Empty;
import io.etcd.jetcd.api.LeaseGrantRequest;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.LeaseKeepAliveRequest;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.api.LeaseRevokeRequest;
import io.etcd.jetcd.api.LeaseTimeToLiveRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.kube4j.store.api.Lease;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.proto.LeaseLeasesMethod;
import io.kube4j.store.proto.LeaseProtoCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * etcd's Lease service as blocking calls. gRPC failures escape as {@code StatusRuntimeException} for
 * {@link EtcdKvStore} to map. Thread-safe.
 */
final class EtcdLeases {
  private final Channel channel;
  private final Duration timeout;

  EtcdLeases(Channel channel, Duration timeout) {
    this.channel = channel;
    this.timeout = timeout;
  }

  private LeaseGrpc.LeaseBlockingStub blocking() {
    return LeaseGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  Lease.Grant grant(long ttlSeconds, long id) {
    return LeaseProtoCodec.fromProto(
        blocking().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttlSeconds).setID(id).build()));
  }

  /** @return the revision after the revoke (which deleted the lease's keys in one revision, if any) */
  long revoke(long id) {
    return blocking().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build()).getHeader().getRevision();
  }

  Lease.TimeToLive timeToLive(long id, boolean withKeys) {
    return LeaseProtoCodec.fromProto(
        blocking().leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(id).setKeys(withKeys).build()));
  }

  List<Long> list() {
    return ClientCalls.blockingUnaryCall(channel, LeaseLeasesMethod.DESCRIPTOR,
        CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS), Empty.getDefaultInstance())
        .ids();
  }

  /**
   * One keep-alive on a short-lived {@code LeaseKeepAlive} stream, as clientv3's KeepAliveOnce: etcd
   * answers an unknown or expired lease with TTL 0 rather than an error, which we report as etcd's
   * client does, "requested lease not found".
   */
  Lease.KeepAlive keepAliveOnce(long id) {
    CompletableFuture<LeaseKeepAliveResponse> answer = new CompletableFuture<>();
    CompletableFuture<ClientCallStreamObserver<LeaseKeepAliveRequest>> stream = new CompletableFuture<>();
    LeaseGrpc.newStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .leaseKeepAlive(new ClientResponseObserver<LeaseKeepAliveRequest, LeaseKeepAliveResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<LeaseKeepAliveRequest> requests) {
            stream.complete(requests);
          }

          @Override
          public void onNext(LeaseKeepAliveResponse response) {
            answer.complete(response);
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            answer.completeExceptionally(
                Status.UNAVAILABLE.withDescription("etcd ended the keep-alive stream").asRuntimeException());
          }
        });
    ClientCallStreamObserver<LeaseKeepAliveRequest> requests = stream.join();
    try {
      requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(id).build());
      requests.onCompleted(); // etcd ends the stream once it has answered
      LeaseKeepAliveResponse r = answer.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      if (r.getTTL() <= 0) {
        throw new StoreException.NotFound(StoreException.LEASE_NOT_FOUND);
      }
      return LeaseProtoCodec.fromProto(r);
    } catch (ExecutionException e) {
      throw EtcdErrors.map(e.getCause(), () -> 0);
    } catch (TimeoutException e) {
      requests.cancel("keep-alive timed out", null);
      throw new StoreException.Unavailable("etcd did not answer the keep-alive within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requests.cancel("interrupted", null);
      throw new StoreException.Unavailable("interrupted while waiting for a keep-alive");
    }
  }
}
