package io.kube4j.store.grpc;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.WatchCancelRequest;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.etcd.jetcd.api.WatchGrpc;
import io.etcd.jetcd.api.WatchProgressRequest;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.kube4j.store.proto.ProtoCodec;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: one Watch stream driven by hand through jetcd's generated stub, with the client's
 * side of flow control under the test's control (it asks for {@code initialRequest} responses, then
 * for as many as {@link #request} says).
 */
final class RawWatchStream implements AutoCloseable {
  private final BlockingQueue<WatchResponse> responses = new LinkedBlockingQueue<>();
  final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final ClientCallStreamObserver<WatchRequest> requests;

  RawWatchStream(ManagedChannel channel, int initialRequest) {
    CompletableFuture<ClientCallStreamObserver<WatchRequest>> started = new CompletableFuture<>();
    WatchGrpc.newStub(channel).watch(new ClientResponseObserver<WatchRequest, WatchResponse>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<WatchRequest> stream) {
        if (initialRequest != Integer.MAX_VALUE) {
          stream.disableAutoRequestWithInitial(initialRequest);
        }
        started.complete(stream);
      }

      @Override
      public void onNext(WatchResponse value) {
        responses.add(value);
      }

      @Override
      public void onError(Throwable t) {
        ended.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        ended.complete(null);
      }
    });
    this.requests = started.join();
  }

  RawWatchStream(ManagedChannel channel) {
    this(channel, Integer.MAX_VALUE);
  }

  static WatchCreateRequest.Builder create(String key) {
    return WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8(key));
  }

  static WatchCreateRequest.Builder createPrefix(String prefix) {
    return create(prefix).setRangeEnd(ProtoCodec.toProto(io.kube4j.store.api.Bytes.of(prefix).prefixEnd()));
  }

  synchronized void send(WatchCreateRequest.Builder create) {
    requests.onNext(WatchRequest.newBuilder().setCreateRequest(create).build());
  }

  synchronized void cancel(long watchId) {
    requests.onNext(WatchRequest.newBuilder()
        .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(watchId)).build());
  }

  synchronized void requestProgress() {
    requests.onNext(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
  }

  synchronized void halfClose() {
    requests.onCompleted();
  }

  void request(int count) {
    requests.request(count);
  }

  /** The next response; fails the test after 30 seconds without one. */
  WatchResponse next() throws InterruptedException {
    WatchResponse response = responses.poll(30, TimeUnit.SECONDS);
    if (response == null) {
      throw new AssertionError("no watch response within 30s");
    }
    return response;
  }

  /** The next response within {@code wait}, or null. */
  WatchResponse poll(Duration wait) throws InterruptedException {
    return responses.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    requests.cancel("test done", null);
  }
}
