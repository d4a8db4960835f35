package io.kube4j.store.mvcc;

import java.util.Arrays;

/**
 * The changes of every revision from the compaction on, by revision: what watches replay from.
 * Every revision in the window has at least one change (a request that changes nothing does not
 * take a revision), except the empty store's initial revision, which has none.
 *
 * <p>Storage is a list of fixed-size chunks; appending fills slots of the last chunk, compaction
 * drops whole chunks below the compact revision.
 *
 * <p>Thread-safety: one writer appends; readers call {@link #get} only for revisions the store has
 * published (its volatile revision is written after the slot), so they see complete entries.
 */
final class RevisionLog {
  private static final int CHUNK_BITS = 10;
  private static final int CHUNK = 1 << CHUNK_BITS;

  /** chunk k holds revisions [(base + k) * CHUNK, (base + k + 1) * CHUNK). */
  private record Chunks(long base, Change[][][] chunks) {}

  private volatile Chunks chunks = new Chunks(0, new Change[0][][]);

  /** Stores the changes of {@code revision}; revisions arrive in increasing order (writer only). */
  void put(long revision, Change[] changes) {
    Chunks c = chunks;
    long chunkNo = revision >>> CHUNK_BITS;
    if (c.chunks.length == 0) {
      c = new Chunks(chunkNo, new Change[][][] {new Change[CHUNK][]});
      chunks = c;
    }
    long index = chunkNo - c.base;
    while (index >= c.chunks.length) {
      Change[][][] grown = Arrays.copyOf(c.chunks, c.chunks.length + 1);
      grown[c.chunks.length] = new Change[CHUNK][];
      c = new Chunks(c.base, grown);
      chunks = c;
    }
    c.chunks[(int) index][(int) (revision & (CHUNK - 1))] = changes;
  }

  /** The changes of {@code revision}, or null when that revision is not in the window. */
  Change[] get(long revision) {
    Chunks c = chunks;
    long index = (revision >>> CHUNK_BITS) - c.base;
    if (index < 0 || index >= c.chunks.length) {
      return null;
    }
    return c.chunks[(int) index][(int) (revision & (CHUNK - 1))];
  }

  /** Forgets every chunk that ends below {@code revision} (writer only). */
  void dropBefore(long revision) {
    Chunks c = chunks;
    long keepFrom = revision >>> CHUNK_BITS;
    if (c.chunks.length == 0 || keepFrom <= c.base) {
      return;
    }
    int drop = (int) Math.min(keepFrom - c.base, c.chunks.length);
    chunks = new Chunks(c.base + drop, Arrays.copyOfRange(c.chunks, drop, c.chunks.length));
  }

  /** Forgets everything (snapshot restore). */
  void clear() {
    chunks = new Chunks(0, new Change[0][][]);
  }
}
