package io.kube4j.store.raft;

import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.OpResult;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of the KV requests ({@link Op}) and their results ({@link OpResult}), nested txns
 * included. Part of the log format: tags and field order never change within a format version.
 * Stateless and thread-safe.
 */
final class OpCodec {
  private static final int RANGE = 1;
  private static final int PUT = 2;
  private static final int DELETE = 3;
  private static final int TXN = 4;

  /** Bounds the recursion a corrupt or hostile entry could ask for (etcd allows no nested txn at all). */
  private static final int MAX_TXN_DEPTH = 64;

  private OpCodec() {}

  static void writeOp(DataOutput out, Op op) throws IOException {
    switch (op) {
      case RangeRequest r -> {
        out.writeByte(RANGE);
        Wire.writeBytes(out, r.key());
        Wire.writeBytes(out, r.rangeEnd());
        Wire.writeLong(out, r.limit());
        Wire.writeLong(out, r.revision());
        out.writeByte(r.sortOrder().ordinal());
        out.writeByte(r.sortTarget().ordinal());
        out.writeByte(flags(r.serializable(), r.keysOnly(), r.countOnly()));
        Wire.writeLong(out, r.minModRevision());
        Wire.writeLong(out, r.maxModRevision());
        Wire.writeLong(out, r.minCreateRevision());
        Wire.writeLong(out, r.maxCreateRevision());
      }
      case PutRequest p -> {
        out.writeByte(PUT);
        Wire.writeBytes(out, p.key());
        Wire.writeBytes(out, p.value());
        Wire.writeLong(out, p.lease());
        out.writeByte(flags(p.prevKv(), p.ignoreValue(), p.ignoreLease()));
      }
      case DeleteRequest d -> {
        out.writeByte(DELETE);
        Wire.writeBytes(out, d.key());
        Wire.writeBytes(out, d.rangeEnd());
        out.writeByte(flags(d.prevKv(), false, false));
      }
      case TxnRequest t -> {
        out.writeByte(TXN);
        Wire.writeLength(out, t.compares().size());
        for (Compare c : t.compares()) {
          Wire.writeBytes(out, c.key());
          Wire.writeBytes(out, c.rangeEnd());
          out.writeByte(c.target().ordinal());
          out.writeByte(c.result().ordinal());
          Wire.writeLong(out, c.number());
          Wire.writeBytes(out, c.value());
        }
        writeOps(out, t.success());
        writeOps(out, t.failure());
      }
    }
  }

  static Op readOp(DataInput in) throws IOException {
    return readOp(in, 0);
  }

  private static Op readOp(DataInput in, int depth) throws IOException {
    int tag = in.readUnsignedByte();
    return switch (tag) {
      case RANGE -> {
        var key = Wire.readBytes(in);
        var end = Wire.readBytes(in);
        long limit = Wire.readLong(in);
        long revision = Wire.readLong(in);
        var order = Wire.readEnum(in, RangeRequest.SortOrder.values());
        var target = Wire.readEnum(in, RangeRequest.SortTarget.values());
        int f = in.readUnsignedByte();
        yield new RangeRequest(key, end, limit, revision, order, target, bit(f, 0), bit(f, 1), bit(f, 2),
            Wire.readLong(in), Wire.readLong(in), Wire.readLong(in), Wire.readLong(in));
      }
      case PUT -> {
        var key = Wire.readBytes(in);
        var value = Wire.readBytes(in);
        long lease = Wire.readLong(in);
        int f = in.readUnsignedByte();
        yield new PutRequest(key, value, lease, bit(f, 0), bit(f, 1), bit(f, 2));
      }
      case DELETE -> {
        var key = Wire.readBytes(in);
        var end = Wire.readBytes(in);
        yield new DeleteRequest(key, end, bit(in.readUnsignedByte(), 0));
      }
      case TXN -> {
        if (depth >= MAX_TXN_DEPTH) {
          throw new IOException("txn nested deeper than " + MAX_TXN_DEPTH);
        }
        int n = Wire.readLength(in);
        List<Compare> compares = new ArrayList<>(Math.min(n, 128));
        for (int i = 0; i < n; i++) {
          var key = Wire.readBytes(in);
          var end = Wire.readBytes(in);
          var target = Wire.readEnum(in, Compare.Target.values());
          var result = Wire.readEnum(in, Compare.Result.values());
          compares.add(new Compare(key, end, target, result, Wire.readLong(in), Wire.readBytes(in)));
        }
        yield new TxnRequest(compares, readOps(in, depth + 1), readOps(in, depth + 1));
      }
      default -> throw new IOException("unknown op tag " + tag);
    };
  }

  static void writeResult(DataOutput out, OpResult result) throws IOException {
    switch (result) {
      case RangeResult r -> {
        out.writeByte(RANGE);
        Wire.writeLong(out, r.revision());
        Wire.writeKeyValues(out, r.kvs());
        out.writeBoolean(r.more());
        Wire.writeLong(out, r.count());
      }
      case PutResult p -> {
        out.writeByte(PUT);
        Wire.writeLong(out, p.revision());
        out.writeBoolean(p.prevKv() != null);
        if (p.prevKv() != null) {
          Wire.writeKeyValue(out, p.prevKv());
        }
      }
      case DeleteResult d -> {
        out.writeByte(DELETE);
        Wire.writeLong(out, d.revision());
        Wire.writeLong(out, d.deleted());
        Wire.writeKeyValues(out, d.prevKvs());
      }
      case TxnResult t -> {
        out.writeByte(TXN);
        Wire.writeLong(out, t.revision());
        out.writeBoolean(t.succeeded());
        Wire.writeLength(out, t.responses().size());
        for (OpResult r : t.responses()) {
          writeResult(out, r);
        }
      }
    }
  }

  static OpResult readResult(DataInput in) throws IOException {
    return readResult(in, 0);
  }

  private static OpResult readResult(DataInput in, int depth) throws IOException {
    int tag = in.readUnsignedByte();
    return switch (tag) {
      case RANGE -> {
        long revision = Wire.readLong(in);
        List<KeyValue> kvs = Wire.readKeyValues(in);
        boolean more = in.readBoolean();
        yield new RangeResult(revision, kvs, more, Wire.readLong(in));
      }
      case PUT -> {
        long revision = Wire.readLong(in);
        yield new PutResult(revision, in.readBoolean() ? Wire.readKeyValue(in) : null);
      }
      case DELETE -> {
        long revision = Wire.readLong(in);
        long deleted = Wire.readLong(in);
        yield new DeleteResult(revision, deleted, Wire.readKeyValues(in));
      }
      case TXN -> {
        if (depth >= MAX_TXN_DEPTH) {
          throw new IOException("txn result nested deeper than " + MAX_TXN_DEPTH);
        }
        long revision = Wire.readLong(in);
        boolean succeeded = in.readBoolean();
        int n = Wire.readLength(in);
        List<OpResult> responses = new ArrayList<>(Math.min(n, 128));
        for (int i = 0; i < n; i++) {
          responses.add(readResult(in, depth + 1));
        }
        yield new TxnResult(revision, succeeded, responses);
      }
      default -> throw new IOException("unknown op result tag " + tag);
    };
  }

  private static void writeOps(DataOutput out, List<Op> ops) throws IOException {
    Wire.writeLength(out, ops.size());
    for (Op op : ops) {
      writeOp(out, op);
    }
  }

  private static List<Op> readOps(DataInput in, int depth) throws IOException {
    int n = Wire.readLength(in);
    List<Op> ops = new ArrayList<>(Math.min(n, 128));
    for (int i = 0; i < n; i++) {
      ops.add(readOp(in, depth));
    }
    return ops;
  }

  private static int flags(boolean a, boolean b, boolean c) {
    return (a ? 1 : 0) | (b ? 2 : 0) | (c ? 4 : 0);
  }

  private static boolean bit(int flags, int bit) {
    return (flags & (1 << bit)) != 0;
  }
}
