package io.kube4j.store.proto;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchRequest;

/**
 * Conversions between our watch records and etcd's Watch service messages, both ways: a watch
 * creation ({@link WatchRequest} and {@code WatchCreateRequest}) and an event ({@link WatchEvent} and
 * {@code Event}). The stream's control fields (watch ids, cancel, progress) are the business of the
 * server's and the client's watch streams; a client-chosen watch id travels in
 * {@link EtcdProtoExtensions}.
 *
 * <p>Stateless and thread-safe; byte strings as in {@link ProtoCodec}.
 */
public final class WatchProtoCodec {
  private WatchProtoCodec() {}

  /**
   * A watch create request as our {@link WatchRequest}, normalised as etcd's watch server does: an
   * empty key becomes "\0" (the smallest key); a range end of "\0" already means "every key from
   * here on" in both worlds. Unknown filter types are ignored, as etcd ignores them.
   */
  public static WatchRequest fromProto(WatchCreateRequest r) {
    Bytes key = r.getKey().isEmpty() ? Bytes.ZERO : ProtoCodec.fromProto(r.getKey());
    boolean noPut = false;
    boolean noDelete = false;
    for (int filter : r.getFiltersValueList()) {
      noPut |= filter == WatchCreateRequest.FilterType.NOPUT_VALUE;
      noDelete |= filter == WatchCreateRequest.FilterType.NODELETE_VALUE;
    }
    return new WatchRequest(key, ProtoCodec.fromProto(r.getRangeEnd()), r.getStartRevision(), r.getProgressNotify(),
        noPut, noDelete, r.getPrevKv());
  }

  /** A create request as etcd's client sends it ("every key" spelt as in {@link ProtoCodec#rangeStart}). */
  public static WatchCreateRequest toProto(WatchRequest r) {
    WatchCreateRequest.Builder b = WatchCreateRequest.newBuilder()
        .setKey(ProtoCodec.rangeStart(r.key(), r.rangeEnd())).setRangeEnd(ProtoCodec.toProto(r.rangeEnd()))
        .setStartRevision(r.startRevision()).setProgressNotify(r.progressNotify()).setPrevKv(r.prevKv());
    if (r.noPut()) {
      b.addFilters(WatchCreateRequest.FilterType.NOPUT);
    }
    if (r.noDelete()) {
      b.addFilters(WatchCreateRequest.FilterType.NODELETE);
    }
    return b.build();
  }

  public static Event toProto(WatchEvent e) {
    Event.Builder b = Event.newBuilder()
        .setType(e.type() == WatchEvent.Type.PUT ? Event.EventType.PUT : Event.EventType.DELETE)
        .setKv(ProtoCodec.toProto(e.kv()));
    if (e.prevKv() != null) {
      b.setPrevKv(ProtoCodec.toProto(e.prevKv()));
    }
    return b.build();
  }

  /** @throws StoreException.Internal for an event type etcd does not define */
  public static WatchEvent fromProto(Event e) {
    WatchEvent.Type type = switch (e.getType()) {
      case PUT -> WatchEvent.Type.PUT;
      case DELETE -> WatchEvent.Type.DELETE;
      case UNRECOGNIZED -> throw new StoreException.Internal("etcdserver: unknown event type " + e.getTypeValue());
    };
    return new WatchEvent(type, ProtoCodec.fromProto(e.getKv()),
        e.hasPrevKv() ? ProtoCodec.fromProto(e.getPrevKv()) : null);
  }
}
