package io.kube4j.store.grpc;

/**
 * Who is answering: the values every etcd {@code ResponseHeader} carries besides the revision.
 *
 * <p>Implementations must be thread-safe and cheap: they are called for every response, from gRPC
 * threads and store notification threads alike. The raft term may change between calls.
 */
public interface ServerIdentity {
  /** The cluster's id ({@code header.cluster_id}), stable for the cluster's life. */
  long clusterId();

  /** This member's id ({@code header.member_id}). */
  long memberId();

  /** The Raft term this member is currently in ({@code header.raft_term}). */
  long raftTerm();

  /** A fixed identity, for a store that is not replicated (and for tests). */
  static ServerIdentity fixed(long clusterId, long memberId, long raftTerm) {
    return new ServerIdentity() {
      @Override
      public long clusterId() {
        return clusterId;
      }

      @Override
      public long memberId() {
        return memberId;
      }

      @Override
      public long raftTerm() {
        return raftTerm;
      }
    };
  }
}
