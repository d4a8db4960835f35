package io.kube4j.store.grpc;

import com.google.protobuf.Empty;
import io.etcd.jetcd.api.LeaseGrantRequest;
import io.etcd.jetcd.api.LeaseGrantResponse;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.LeaseKeepAliveRequest;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.api.LeaseRevokeRequest;
import io.etcd.jetcd.api.LeaseRevokeResponse;
import io.etcd.jetcd.api.LeaseTimeToLiveRequest;
import io.etcd.jetcd.api.LeaseTimeToLiveResponse;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.proto.LeaseLeasesMethod;
import io.kube4j.store.proto.LeaseProtoCodec;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's Lease service over a {@link KvStore}: LeaseGrant, LeaseRevoke, LeaseTimeToLive, the
 * LeaseKeepAlive stream and LeaseLeases (added by {@link #bindWithLeaseLeases()}, as jetcd's stubs lack it).
 *
 * <p>Thread-safe. As etcd does: a keep-alive of an unknown or expired lease answers TTL 0 (the stream
 * goes on), and a time-to-live of one answers TTL -1; any other failure ends the keep-alive stream
 * with etcd's status.
 */
final class LeaseService extends LeaseGrpc.LeaseImplBase {
  private static final Logger log = LoggerFactory.getLogger(LeaseService.class);

  private final KvStore kv;
  private final ResponseHeaders headers;
  private final Set<KeepAliveStream> streams = ConcurrentHashMap.newKeySet();

  LeaseService(KvStore kv, ResponseHeaders headers) {
    this.kv = kv;
    this.headers = headers;
  }

  @Override
  public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> observer) {
    Unary.answer(observer, () -> LeaseProtoCodec.toProto(kv.leaseGrant(request.getTTL(), request.getID()), headers));
  }

  @Override
  public void leaseRevoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> observer) {
    Unary.answer(observer, () -> LeaseRevokeResponse.newBuilder()
        .setHeader(headers.at(kv.leaseRevoke(request.getID()))).build());
  }

  @Override
  public void leaseTimeToLive(LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> observer) {
    Unary.answer(observer, () -> {
      try {
        return LeaseProtoCodec.toProto(kv.leaseTimeToLive(request.getID(), request.getKeys()), headers);
      } catch (StoreException.NotFound e) {
        return LeaseTimeToLiveResponse.newBuilder()
            .setHeader(headers.current()).setID(request.getID()).setTTL(-1).build();
      }
    });
  }

  void leaseLeases(StreamObserver<LeaseLeasesMethod.Response> observer) {
    Unary.answer(observer, () -> {
      // The header first: its revision must not be newer than the list it describes.
      var header = headers.current();
      return new LeaseLeasesMethod.Response(header, kv.leases());
    });
  }

  @Override
  public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> observer) {
    KeepAliveStream stream = new KeepAliveStream(observer);
    streams.add(stream);
    return stream;
  }

  /** The Lease service with LeaseLeases added to jetcd's generated methods. */
  ServerServiceDefinition bindWithLeaseLeases() {
    ServerServiceDefinition generated = bindService();
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(LeaseGrpc.SERVICE_NAME);
    generated.getMethods().forEach(builder::addMethod);
    builder.addMethod(LeaseLeasesMethod.DESCRIPTOR,
        ServerCalls.asyncUnaryCall((Empty request, StreamObserver<LeaseLeasesMethod.Response> observer) ->
            leaseLeases(observer)));
    return builder.build();
  }

  /** Ends every keep-alive stream (the server is stopping); clients reconnect elsewhere. */
  void close() {
    for (KeepAliveStream stream : streams) {
      stream.end(Status.UNAVAILABLE.withDescription("etcdserver: server stopped"));
    }
  }

  /**
   * One keep-alive stream. gRPC delivers its requests one at a time on a virtual thread, so each
   * renewal blocks only this stream, and answers leave in request order.
   */
  private final class KeepAliveStream implements StreamObserver<LeaseKeepAliveRequest> {
    private final StreamObserver<LeaseKeepAliveResponse> observer;
    private boolean ended; // guarded by this

    KeepAliveStream(StreamObserver<LeaseKeepAliveResponse> observer) {
      this.observer = observer;
    }

    @Override
    public void onNext(LeaseKeepAliveRequest request) {
      LeaseKeepAliveResponse response;
      try {
        response = LeaseProtoCodec.toProto(kv.leaseKeepAlive(request.getID()), headers);
      } catch (StoreException.NotFound e) {
        response = LeaseKeepAliveResponse.newBuilder()
            .setHeader(headers.current()).setID(request.getID()).setTTL(0).build();
      } catch (RuntimeException e) {
        end(GrpcErrors.toStatus(e));
        return;
      }
      send(response);
    }

    @Override
    public void onError(Throwable t) {
      log.debug("Lease keep-alive stream failed: {}", t.toString());
      streams.remove(this);
    }

    @Override
    public void onCompleted() {
      synchronized (this) {
        if (!ended) {
          ended = true;
          observer.onCompleted();
        }
      }
      streams.remove(this);
    }

    private synchronized void send(LeaseKeepAliveResponse response) {
      if (!ended) {
        try {
          observer.onNext(response);
        } catch (RuntimeException e) {
          ended = true; // cancelled by the client meanwhile
        }
      }
    }

    void end(Status status) {
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
        try {
          observer.onError(status.asRuntimeException());
        } catch (RuntimeException e) {
          log.debug("Could not end a keep-alive stream: {}", e.toString());
        }
      }
      streams.remove(this);
    }
  }
}
