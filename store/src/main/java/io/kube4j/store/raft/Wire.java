package io.kube4j.store.raft;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The primitives of the replicated log's binary format: zig-zag varints for every number (revisions,
 * counts and lengths are small, so most take one or two bytes), length-prefixed byte strings.
 *
 * <p>Stateless and thread-safe. Readers throw {@link IOException} on truncated or malformed input,
 * never return garbage: a corrupt entry must stop the member, not silently diverge it.
 */
final class Wire {
  /** Guards against a corrupt length making us allocate gigabytes. */
  static final int MAX_LENGTH = 256 * 1024 * 1024;

  private Wire() {}

  static void writeLong(DataOutput out, long value) throws IOException {
    long v = (value << 1) ^ (value >> 63); // zig-zag: small negatives stay small too
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  static long readLong(DataInput in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (v >>> 1) ^ -(v & 1);
      }
    }
    throw new IOException("varint longer than 64 bits");
  }

  static void writeLength(DataOutput out, int length) throws IOException {
    writeLong(out, length);
  }

  static int readLength(DataInput in) throws IOException {
    long n = readLong(in);
    if (n < 0 || n > MAX_LENGTH) {
      throw new IOException("bad length " + n);
    }
    return (int) n;
  }

  static void writeBytes(DataOutput out, Bytes bytes) throws IOException {
    writeLength(out, bytes.size());
    out.write(bytes.unsafeArray());
  }

  static Bytes readBytes(DataInput in) throws IOException {
    byte[] b = new byte[readLength(in)];
    in.readFully(b);
    return Bytes.wrap(b);
  }

  static void writeString(DataOutput out, String s) throws IOException {
    writeBytes(out, Bytes.of(s));
  }

  static String readString(DataInput in) throws IOException {
    return readBytes(in).toStringUtf8();
  }

  static void writeStrings(DataOutput out, List<String> strings) throws IOException {
    writeLength(out, strings.size());
    for (String s : strings) {
      writeString(out, s);
    }
  }

  static List<String> readStrings(DataInput in) throws IOException {
    int n = readLength(in);
    List<String> strings = new ArrayList<>(Math.min(n, 64));
    for (int i = 0; i < n; i++) {
      strings.add(readString(in));
    }
    return strings;
  }

  static void writeKeyValue(DataOutput out, KeyValue kv) throws IOException {
    writeBytes(out, kv.key());
    writeLong(out, kv.createRevision());
    writeLong(out, kv.modRevision());
    writeLong(out, kv.version());
    writeBytes(out, kv.value());
    writeLong(out, kv.lease());
  }

  static KeyValue readKeyValue(DataInput in) throws IOException {
    return new KeyValue(readBytes(in), readLong(in), readLong(in), readLong(in), readBytes(in), readLong(in));
  }

  static void writeKeyValues(DataOutput out, List<KeyValue> kvs) throws IOException {
    writeLength(out, kvs.size());
    for (KeyValue kv : kvs) {
      writeKeyValue(out, kv);
    }
  }

  static List<KeyValue> readKeyValues(DataInput in) throws IOException {
    int n = readLength(in);
    List<KeyValue> kvs = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      kvs.add(readKeyValue(in));
    }
    return kvs;
  }

  /** An enum by ordinal, checked against the enum's size. */
  static <E extends Enum<E>> E readEnum(DataInput in, E[] values) throws IOException {
    int ordinal = in.readUnsignedByte();
    if (ordinal >= values.length) {
      throw new IOException("bad enum ordinal " + ordinal + " for " + values[0].getDeclaringClass().getSimpleName());
    }
    return values[ordinal];
  }
}
