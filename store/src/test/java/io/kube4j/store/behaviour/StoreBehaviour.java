package io.kube4j.store.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * What every behaviour area shares: the store under test, and a key prefix of its own per test.
 *
 * <p>A runner extends an area (e.g. {@code KvBehaviour}) and says which store to test through
 * {@link #store()}; the same test bodies then run against real etcd, the embedded store and
 * {@code kube4j store} over gRPC. The stores may be shared by several test classes, so a test touches
 * only keys under its own {@link #prefix()}, and asserts revisions only relative to its own writes (the
 * tests of one JVM run one at a time, so "the next revision" after a test's write is the test's).
 * Nothing here may know what implementation is under test.
 */
public abstract class StoreBehaviour {
  private String prefix;

  /** The store under test; the runner owns its lifecycle. */
  protected abstract KvStore store();

  @BeforeEach
  void givePrefix(TestInfo test) {
    prefix = "/kube4j-behaviour/" + getClass().getSimpleName() + "/"
        + test.getTestMethod().map(m -> m.getName()).orElse("test") + "/"
        + UUID.randomUUID().toString().substring(0, 8) + "/";
  }

  /** Every key of this test starts with this. */
  protected Bytes prefix() {
    return Bytes.of(prefix);
  }

  /** The key {@code name} under this test's prefix. */
  protected Bytes key(String name) {
    return Bytes.of(prefix + name);
  }

  protected static Bytes value(String utf8) {
    return Bytes.of(utf8);
  }

  /** Puts {@code name=value} and returns the put's revision. */
  protected long put(String name, String value) {
    return store().put(PutRequest.of(key(name), value(value))).revision();
  }

  /** The current version of key {@code name}, or null. */
  protected KeyValue get(String name) {
    RangeResult result = store().range(RangeRequest.key(key(name)));
    return result.kvs().isEmpty() ? null : result.kvs().getFirst();
  }

  /** The store's current revision, read without writing. */
  protected long currentRevision() {
    return store().range(RangeRequest.key(key("revision-probe"))).revision();
  }

  /** The names (keys without this test's prefix) of these key values, in order. */
  protected java.util.List<String> names(java.util.List<KeyValue> kvs) {
    return kvs.stream().map(kv -> kv.key().toStringUtf8().substring(prefix.length())).toList();
  }

  /**
   * Runs {@code call}, which must fail with {@code type}, etcd's gRPC {@code code} and {@code message}.
   *
   * @return the error, for more checks
   */
  protected static <E extends StoreException> E expectError(
      Class<E> type, StoreException.Code code, String message, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("expected %s(%s, \"%s\")", type.getSimpleName(), code, message).isInstanceOf(type);
    E error = type.cast(thrown);
    assertThat(error.code()).isEqualTo(code);
    assertThat(error.getMessage()).isEqualTo(message);
    return error;
  }
}
