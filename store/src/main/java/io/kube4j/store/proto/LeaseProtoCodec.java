package io.kube4j.store.proto;

import io.etcd.jetcd.api.LeaseGrantResponse;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.api.LeaseTimeToLiveResponse;
import io.kube4j.store.api.Lease;
import io.kube4j.store.api.StoreException;

/**
 * Conversions between our {@link Lease} answers and etcd's Lease service responses, both ways. The
 * requests are one or two numbers each and are built where they are sent; LeaseLeases is
 * {@link LeaseLeasesMethod}.
 *
 * <p>Field for field only: how a missing lease is spelt is each side's business (the server answers
 * a keep-alive of one with TTL 0 and a time-to-live with TTL -1, as etcd; the client turns TTL 0 into
 * {@link StoreException.NotFound}, as etcd's client). Stateless and thread-safe; byte strings as in
 * {@link ProtoCodec}.
 */
public final class LeaseProtoCodec {
  private LeaseProtoCodec() {}

  public static LeaseGrantResponse toProto(Lease.Grant grant, ProtoCodec.HeaderFactory header) {
    return LeaseGrantResponse.newBuilder()
        .setHeader(header.at(grant.revision())).setID(grant.id()).setTTL(grant.ttl()).build();
  }

  /** @throws StoreException.Internal when the response carries an error text (etcd 3.4 never sets one) */
  public static Lease.Grant fromProto(LeaseGrantResponse r) {
    if (!r.getError().isEmpty()) {
      throw new StoreException.Internal(r.getError());
    }
    return new Lease.Grant(r.getHeader().getRevision(), r.getID(), r.getTTL());
  }

  public static LeaseKeepAliveResponse toProto(Lease.KeepAlive renewed, ProtoCodec.HeaderFactory header) {
    return LeaseKeepAliveResponse.newBuilder()
        .setHeader(header.at(renewed.revision())).setID(renewed.id()).setTTL(renewed.ttl()).build();
  }

  public static Lease.KeepAlive fromProto(LeaseKeepAliveResponse r) {
    return new Lease.KeepAlive(r.getHeader().getRevision(), r.getID(), r.getTTL());
  }

  public static LeaseTimeToLiveResponse toProto(Lease.TimeToLive ttl, ProtoCodec.HeaderFactory header) {
    return LeaseTimeToLiveResponse.newBuilder()
        .setHeader(header.at(ttl.revision())).setID(ttl.id()).setTTL(ttl.ttl()).setGrantedTTL(ttl.grantedTtl())
        .addAllKeys(ttl.keys().stream().map(ProtoCodec::toProto).toList()).build();
  }

  public static Lease.TimeToLive fromProto(LeaseTimeToLiveResponse r) {
    return new Lease.TimeToLive(r.getHeader().getRevision(), r.getID(), r.getTTL(), r.getGrantedTTL(),
        r.getKeysList().stream().map(ProtoCodec::fromProto).toList());
  }
}
