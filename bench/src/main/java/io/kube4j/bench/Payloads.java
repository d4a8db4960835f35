package io.kube4j.bench;

import io.etcd.jetcd.ByteSequence;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Keys and values of the workloads: keys of exactly {@link #KEY_BYTES} bytes under a workload's
 * prefix, values of {@code valueBytes} pseudo-random (incompressible, reproducible) bytes.
 */
final class Payloads {
  static final int KEY_BYTES = 32;

  private Payloads() {}

  /** {@code prefix} followed by {@code index}, zero-padded to {@link #KEY_BYTES} bytes in total. */
  static ByteSequence key(String prefix, long index) {
    int digits = KEY_BYTES - prefix.length();
    if (digits < 19) {
      throw new IllegalArgumentException("prefix too long for a " + KEY_BYTES + "-byte key: " + prefix);
    }
    return ByteSequence.from(prefix + String.format("%0" + digits + "d", index), StandardCharsets.UTF_8);
  }

  static ByteSequence prefix(String prefix) {
    return ByteSequence.from(prefix, StandardCharsets.UTF_8);
  }

  /** A value of {@code size} bytes, the same for a given seed. */
  static ByteSequence value(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return ByteSequence.from(bytes);
  }

  /** A value of {@code size} (at least 8) bytes whose first 8 bytes are {@code nanos}, big-endian. */
  static ByteSequence stamped(int size, long nanos) {
    byte[] bytes = new byte[Math.max(size, Long.BYTES)];
    ByteBuffer.wrap(bytes).putLong(nanos);
    return ByteSequence.from(bytes);
  }

  /** The timestamp written by {@link #stamped}. */
  static long stampOf(ByteSequence value) {
    return ByteBuffer.wrap(value.getBytes(), 0, Long.BYTES).getLong();
  }
}
