package io.kube4j.store.grpc;

import io.etcd.jetcd.api.ResponseHeader;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.proto.ProtoCodec;

/**
 * Builds response headers: cluster id, member id and raft term from the {@link ServerIdentity},
 * the revision from the answer being sent or, for answers that have none (watch control messages,
 * status, members, alarms), from the store's current revision.
 *
 * <p>Thread-safe (stateless over thread-safe collaborators).
 */
final class ResponseHeaders implements ProtoCodec.HeaderFactory {
  private final KvStore kv;
  private final ServerIdentity identity;

  ResponseHeaders(KvStore kv, ServerIdentity identity) {
    this.kv = kv;
    this.identity = identity;
  }

  @Override
  public ResponseHeader at(long revision) {
    return ProtoCodec.header(identity.clusterId(), identity.memberId(), revision, identity.raftTerm());
  }

  /** A header at the store's current revision; blocks as {@link KvStore#status()} does. */
  ResponseHeader current() {
    return at(currentRevision());
  }

  long currentRevision() {
    return kv.status().revision();
  }
}
