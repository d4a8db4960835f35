package io.kube4j.store.grpc;

import io.etcd.jetcd.api.AlarmRequest;
import io.etcd.jetcd.api.AlarmResponse;
import io.etcd.jetcd.api.DefragmentRequest;
import io.etcd.jetcd.api.DefragmentResponse;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.StoreStatus;
import java.util.regex.Pattern;

/**
 * etcd's Maintenance service: Status, Alarm and Defragment; the others (Hash, HashKV, Snapshot,
 * MoveLeader) answer UNIMPLEMENTED.
 *
 * <p>Thread-safe. The store raises no alarms (it refuses writes past its quota with
 * {@link StoreException.NoSpace} instead), so alarm GET and DEACTIVATE answer an empty list, and
 * ACTIVATE is refused. Defragment is a no-op that succeeds: the store has no file to compact.
 */
final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
  /** The etcd version we report when the store does not report one of its own. */
  static final String ETCD_VERSION = "3.5.0";

  private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+.*");

  private final KvStore kv;
  private final ResponseHeaders headers;

  MaintenanceService(KvStore kv, ResponseHeaders headers) {
    this.kv = kv;
    this.headers = headers;
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
    Unary.answer(observer, () -> {
      StoreStatus status = kv.status();
      StatusResponse.Builder b = StatusResponse.newBuilder()
          .setHeader(headers.at(status.revision()))
          // etcdctl and jetcd parse this as an etcd version; a store behind a real etcd reports its own.
          .setVersion(status.version() != null && SEMVER.matcher(status.version()).matches()
              ? status.version() : ETCD_VERSION)
          .setDbSize(status.dbSize()).setDbSizeInUse(status.dbSize())
          .setLeader(status.leader()).setRaftIndex(status.raftIndex()).setRaftAppliedIndex(status.raftIndex())
          .setRaftTerm(status.raftTerm()).setIsLearner(status.learner());
      if (status.leader() == 0) {
        b.addErrors(StoreException.NO_LEADER);
      }
      return b.build();
    });
  }

  @Override
  public void alarm(AlarmRequest request, StreamObserver<AlarmResponse> observer) {
    if (request.getAction() == AlarmRequest.AlarmAction.ACTIVATE) {
      observer.onError(Status.UNIMPLEMENTED
          .withDescription("kube4j: alarms cannot be raised by hand; the store enforces its quota itself")
          .asRuntimeException());
      return;
    }
    // GET lists no alarm; DEACTIVATE of an alarm that is not raised answers the empty list, as etcd.
    Unary.answer(observer, () -> AlarmResponse.newBuilder().setHeader(headers.current()).build());
  }

  @Override
  public void defragment(DefragmentRequest request, StreamObserver<DefragmentResponse> observer) {
    Unary.answer(observer, () -> DefragmentResponse.newBuilder().setHeader(headers.current()).build());
  }
}
