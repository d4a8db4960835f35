package io.kube4j.store.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string, ordered as etcd orders keys: unsigned lexicographic.
 *
 * <p>Thread-safe (immutable). The constructor copies nothing: {@link #wrap(byte[])} takes ownership
 * of the array, so callers must not change it afterwards; {@link #copyOf(byte[])} copies.
 */
public final class Bytes implements Comparable<Bytes> {
  /** The empty byte string; as a range end it means "no end" when paired with an empty key. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);
  /** The single zero byte: as a range end, "every key greater than or equal to the key". */
  public static final Bytes ZERO = new Bytes(new byte[] {0});

  private final byte[] bytes;
  private int hash;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps {@code bytes} without copying; the caller gives up the array. */
  public static Bytes wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes);
  }

  public static Bytes copyOf(byte[] bytes) {
    return wrap(bytes.clone());
  }

  public static Bytes of(String utf8) {
    return wrap(utf8.getBytes(StandardCharsets.UTF_8));
  }

  /** The range end that selects every key starting with this prefix, as etcd's {@code --prefix}. */
  public Bytes prefixEnd() {
    byte[] end = bytes.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return wrap(Arrays.copyOf(end, i + 1));
      }
    }
    return ZERO; // all 0xff (or empty): every key from here on
  }

  public int size() {
    return bytes.length;
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** A copy of the content. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The backing array, for serialisers that promise not to change it. */
  public byte[] unsafeArray() {
    return bytes;
  }

  public String toStringUtf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        return "0x" + HexFormat.of().formatHex(bytes);
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
