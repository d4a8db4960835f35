package io.kube4j.store.etcd;

import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.RangeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.proto.ProtoCodec;
import java.util.function.Supplier;

/**
 * Finds etcd's compaction revision, which etcd 3.4 reports only on a watch that starts below it:
 * neither its KV errors ("required revision has been compacted") nor its Status response carry it.
 *
 * <p>A read at revision r fails as compacted exactly when r is below the compaction revision, so the
 * smallest readable revision is the compaction revision: we binary-search it with point reads of one
 * key, count only and serializable (no Raft round, no values), about log2(revision) cheap calls. A
 * compaction racing with the search can only move the answer up to the newer compaction, which is
 * still a true answer. Stateless; thread-safe.
 */
final class CompactRevisionProbe {
  private final Supplier<KVGrpc.KVBlockingStub> kv;

  CompactRevisionProbe(Supplier<KVGrpc.KVBlockingStub> kv) {
    this.kv = kv;
  }

  /**
   * The compaction revision, known to be at least {@code atLeast}; 0 when nothing was compacted (or
   * when a revision below 2 was compacted, which no read can tell apart from none), or when the probe
   * itself fails (it is used while reporting another error, which must not be hidden).
   */
  long find(long atLeast) {
    try {
      long current = kv.get().range(probe(0)).getHeader().getRevision();
      long high = current; // a read at the current revision always works
      long low = Math.min(Math.max(1, atLeast), high);
      while (low < high) {
        long mid = low + (high - low) / 2;
        if (readable(mid)) {
          high = mid;
        } else {
          low = mid + 1;
        }
      }
      return low <= 1 ? 0 : low;
    } catch (StatusRuntimeException e) {
      return 0;
    }
  }

  private boolean readable(long revision) {
    try {
      kv.get().range(probe(revision));
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.OUT_OF_RANGE) {
        return false;
      }
      throw e;
    }
  }

  private static RangeRequest probe(long revision) {
    return RangeRequest.newBuilder()
        .setKey(ProtoCodec.toProto(Bytes.ZERO))
        .setRevision(revision)
        .setSerializable(true)
        .setCountOnly(true)
        .build();
  }
}
