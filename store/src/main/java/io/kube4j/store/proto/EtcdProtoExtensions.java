package io.kube4j.store.proto;

import com.google.protobuf.UnknownFieldSet;
import io.etcd.jetcd.api.Compare;
import io.etcd.jetcd.api.WatchCreateRequest;
import java.util.List;

/**
 * The fields of etcd 3.4+'s {@code rpc.proto} that jetcd-grpc 0.8.7's older copy lacks, read from
 * and written to a message's unknown fields (protobuf keeps unknown fields of proto3 messages).
 *
 * <ul>
 *   <li>{@code Compare.target = LEASE (4)} with its operand {@code int64 lease = 8};
 *   <li>{@code WatchCreateRequest.watch_id = 7} (int64) and {@code fragment = 8} (bool).
 * </ul>
 *
 * <p>Both the server (reading what etcd clients send) and our client (writing what etcd expects)
 * use these. Stateless and thread-safe.
 */
public final class EtcdProtoExtensions {
  /** {@code Compare.CompareTarget.LEASE}: absent from jetcd's enum, so it reads as UNRECOGNIZED. */
  public static final int COMPARE_TARGET_LEASE = 4;

  private static final int COMPARE_LEASE_FIELD = 8;
  private static final int WATCH_CREATE_WATCH_ID_FIELD = 7;
  private static final int WATCH_CREATE_FRAGMENT_FIELD = 8;

  private EtcdProtoExtensions() {}

  /** The lease operand of a LEASE compare (0 when absent, as proto3 reads a missing field). */
  public static long compareLease(Compare compare) {
    return lastVarint(compare.getUnknownFields(), COMPARE_LEASE_FIELD);
  }

  /** A compare builder set to target LEASE with this operand. */
  public static Compare.Builder withLeaseTarget(Compare.Builder builder, long lease) {
    return builder
        .setTargetValue(COMPARE_TARGET_LEASE)
        .setUnknownFields(UnknownFieldSet.newBuilder(builder.getUnknownFields())
            .addField(COMPARE_LEASE_FIELD, UnknownFieldSet.Field.newBuilder().addVarint(lease).build())
            .build());
  }

  /** The watch id the client chose, 0 when it lets the server choose. */
  public static long watchId(WatchCreateRequest request) {
    return lastVarint(request.getUnknownFields(), WATCH_CREATE_WATCH_ID_FIELD);
  }

  /**
   * Whether the client accepts fragmented responses. We never fragment (a client that accepts
   * fragments also accepts whole responses), so the server does not consult it.
   */
  public static boolean fragment(WatchCreateRequest request) {
    return lastVarint(request.getUnknownFields(), WATCH_CREATE_FRAGMENT_FIELD) != 0;
  }

  /** A create request builder carrying a client-chosen watch id. */
  public static WatchCreateRequest.Builder withWatchId(WatchCreateRequest.Builder builder, long watchId) {
    return builder.setUnknownFields(UnknownFieldSet.newBuilder(builder.getUnknownFields())
        .addField(WATCH_CREATE_WATCH_ID_FIELD, UnknownFieldSet.Field.newBuilder().addVarint(watchId).build())
        .build());
  }

  // Protobuf semantics: for a repeated occurrence of a scalar field, the last one wins.
  private static long lastVarint(UnknownFieldSet fields, int number) {
    if (!fields.hasField(number)) {
      return 0;
    }
    List<Long> varints = fields.getField(number).getVarintList();
    return varints.isEmpty() ? 0 : varints.getLast();
  }
}
