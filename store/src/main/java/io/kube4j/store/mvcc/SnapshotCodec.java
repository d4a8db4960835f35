package io.kube4j.store.mvcc;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The snapshot format of an {@link MvccStore}: everything replicated, nothing local.
 *
 * <pre>
 * magic "K4JS", format version (int)
 * revision, compact revision (long, long)
 * lease count (int), then per lease: id, ttl (long, long)
 * key count (int), then per key: key (len + bytes), version count (int), then per version:
 *   mod revision, create revision, version (0 = tombstone), lease (longs), value (len + bytes)
 * CRC32C of all the above (long)
 * </pre>
 *
 * A corrupt or truncated snapshot fails to load with an IOException; it never loads half.
 */
final class SnapshotCodec {
  private static final int MAGIC = 0x4b344a53; // "K4JS"
  private static final int FORMAT = 1;

  record LeaseRecord(long id, long ttl) {}

  record Restored(long revision, long compactRevision, List<LeaseRecord> leases, List<KeyValue[]> histories) {}

  private SnapshotCodec() {}

  static void write(MvccStore store, DataOutputStream target) throws IOException {
    CRC32C crc = new CRC32C();
    DataOutputStream out = new DataOutputStream(new CheckedOutputStream(nonClosing(target), crc));
    out.writeInt(MAGIC);
    out.writeInt(FORMAT);
    out.writeLong(store.revision());
    out.writeLong(store.compactRevision());
    List<LeaseTable.Entry> leases = store.leases.entries();
    out.writeInt(leases.size());
    for (LeaseTable.Entry e : leases) {
      out.writeLong(e.id);
      out.writeLong(e.ttl);
    }
    List<KeyValue[]> histories = new ArrayList<>();
    for (Map.Entry<Bytes, KeyHistory> e : store.index.entrySet()) {
      KeyValue[] versions = e.getValue().versions();
      if (versions.length > 0) {
        histories.add(versions);
      }
    }
    out.writeInt(histories.size());
    for (KeyValue[] versions : histories) {
      writeBytes(out, versions[0].key());
      out.writeInt(versions.length);
      for (KeyValue kv : versions) {
        out.writeLong(kv.modRevision());
        out.writeLong(kv.createRevision());
        out.writeLong(kv.version());
        out.writeLong(kv.lease());
        writeBytes(out, kv.value());
      }
    }
    out.flush();
    target.writeLong(crc.getValue());
    target.flush();
  }

  static Restored read(DataInputStream source) throws IOException {
    CRC32C crc = new CRC32C();
    DataInputStream in = new DataInputStream(new CheckedInputStream(source, crc));
    if (in.readInt() != MAGIC) {
      throw new IOException("not a kube4j store snapshot (bad magic)");
    }
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException("unsupported snapshot format " + format);
    }
    long revision = in.readLong();
    long compactRevision = in.readLong();
    int leaseCount = in.readInt();
    List<LeaseRecord> leases = new ArrayList<>(leaseCount);
    for (int i = 0; i < leaseCount; i++) {
      leases.add(new LeaseRecord(in.readLong(), in.readLong()));
    }
    int keyCount = in.readInt();
    List<KeyValue[]> histories = new ArrayList<>(keyCount);
    for (int i = 0; i < keyCount; i++) {
      Bytes key = readBytes(in);
      int n = in.readInt();
      KeyValue[] versions = new KeyValue[n];
      for (int j = 0; j < n; j++) {
        long mod = in.readLong();
        long create = in.readLong();
        long version = in.readLong();
        long lease = in.readLong();
        versions[j] = new KeyValue(key, create, mod, version, readBytes(in), lease);
      }
      histories.add(versions);
    }
    long expected = crc.getValue();
    long stored = source.readLong();
    if (stored != expected) {
      throw new IOException("snapshot checksum mismatch: stored " + stored + ", computed " + expected);
    }
    return new Restored(revision, compactRevision, leases, histories);
  }

  private static void writeBytes(DataOutputStream out, Bytes b) throws IOException {
    out.writeInt(b.size());
    out.write(b.unsafeArray());
  }

  private static Bytes readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("corrupt snapshot: negative length");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return Bytes.wrap(b);
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
