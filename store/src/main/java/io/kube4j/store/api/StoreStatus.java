package io.kube4j.store.api;

/**
 * A member's view of the store, as etcd's {@code StatusResponse}.
 *
 * @param dbSize approximate bytes held by the MVCC state (keys and values of every kept version)
 * @param leader the id of the member this one believes leads, 0 when unknown
 * @param raftIndex the last Raft log index applied here
 */
public record StoreStatus(
    long revision, long compactRevision, String version, long dbSize, long leader, long memberId, long clusterId,
    long raftIndex, long raftTerm, long keys, boolean learner) {}
