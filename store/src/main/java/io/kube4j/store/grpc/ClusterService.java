package io.kube4j.store.grpc;

import io.etcd.jetcd.api.ClusterGrpc;
import io.etcd.jetcd.api.MemberAddRequest;
import io.etcd.jetcd.api.MemberAddResponse;
import io.etcd.jetcd.api.MemberListRequest;
import io.etcd.jetcd.api.MemberListResponse;
import io.etcd.jetcd.api.MemberRemoveRequest;
import io.etcd.jetcd.api.MemberRemoveResponse;
import io.grpc.stub.StreamObserver;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.Member;
import io.kube4j.store.proto.ProtoCodec;
import java.util.List;

/**
 * etcd's Cluster service: MemberList, MemberAdd and MemberRemove over {@link KvStore#members()},
 * {@link KvStore#memberAdd} and {@link KvStore#memberRemove}; MemberUpdate and MemberPromote answer
 * UNIMPLEMENTED.
 *
 * <p>Thread-safe. Member changes block their (virtual) thread until the store has applied them.
 */
final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private final KvStore kv;
  private final ResponseHeaders headers;

  ClusterService(KvStore kv, ResponseHeaders headers) {
    this.kv = kv;
    this.headers = headers;
  }

  @Override
  public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> observer) {
    Unary.answer(observer, () -> MemberListResponse.newBuilder()
        .setHeader(headers.current()).addAllMembers(toProto(kv.members())).build());
  }

  @Override
  public void memberAdd(MemberAddRequest request, StreamObserver<MemberAddResponse> observer) {
    Unary.answer(observer, () -> {
      Member added = kv.memberAdd(request.getPeerURLsList(), request.getIsLearner());
      return MemberAddResponse.newBuilder().setHeader(headers.current()).setMember(ProtoCodec.toProto(added))
          .addAllMembers(toProto(kv.members())).build();
    });
  }

  @Override
  public void memberRemove(MemberRemoveRequest request, StreamObserver<MemberRemoveResponse> observer) {
    Unary.answer(observer, () -> {
      kv.memberRemove(request.getID());
      return MemberRemoveResponse.newBuilder().setHeader(headers.current()).addAllMembers(toProto(kv.members()))
          .build();
    });
  }

  private static List<io.etcd.jetcd.api.Member> toProto(List<Member> members) {
    return members.stream().map(ProtoCodec::toProto).toList();
  }
}
