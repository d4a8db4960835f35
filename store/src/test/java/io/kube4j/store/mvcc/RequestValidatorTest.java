package io.kube4j.store.mvcc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestValidatorTest {
  private static Bytes b(String s) {
    return Bytes.of(s);
  }

  private static TxnRequest txn(List<Op> success) {
    return new TxnRequest(List.of(), success, List.of());
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("empty put key", PutRequest.of(Bytes.EMPTY, b("v")), StoreException.EMPTY_KEY),
        Arguments.of("empty range key", RangeRequest.key(Bytes.EMPTY), StoreException.EMPTY_KEY),
        Arguments.of("value with ignore_value", new PutRequest(b("k"), b("v"), 0, false, true, false),
            StoreException.VALUE_PROVIDED),
        Arguments.of("lease with ignore_lease", new PutRequest(b("k"), Bytes.EMPTY, 5, false, false, true),
            StoreException.LEASE_PROVIDED),
        Arguments.of("too large", PutRequest.of(b("k"), Bytes.wrap(new byte[1536 * 1024])),
            StoreException.REQUEST_TOO_LARGE),
        Arguments.of("too many ops", txn(Collections.nCopies(129, RangeRequest.key(b("k")))),
            StoreException.TOO_MANY_OPS),
        Arguments.of("put twice", txn(List.of(PutRequest.of(b("k"), b("1")), PutRequest.of(b("k"), b("2")))),
            StoreException.DUPLICATE_KEY),
        Arguments.of("put inside a deleted range", txn(List.of(DeleteRequest.prefix(b("a")),
            PutRequest.of(b("ab"), b("1")))), StoreException.DUPLICATE_KEY),
        Arguments.of("nested put clashes", txn(List.of(PutRequest.of(b("k"), b("1")),
            txn(List.of(PutRequest.of(b("k"), b("2")))))), StoreException.DUPLICATE_KEY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWithEtcdsMessage(String name, Op op, String message) {
    assertThatThrownBy(() -> RequestValidator.validate(op, 1536 * 1024, 128))
        .isInstanceOf(StoreException.InvalidArgument.class).hasMessage(message);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("two deletes may overlap", txn(List.of(DeleteRequest.prefix(b("a")), DeleteRequest.key(b("ab"))))),
        Arguments.of("branches of one nested txn may put the same key",
            txn(List.of(new TxnRequest(List.of(), List.of(PutRequest.of(b("k"), b("1"))),
                List.of(PutRequest.of(b("k"), b("2"))))))),
        Arguments.of("128 ops", txn(Collections.nCopies(128, RangeRequest.key(b("k"))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepts(String name, Op op) {
    assertThatCode(() -> RequestValidator.validate(op, 1536 * 1024, 128)).doesNotThrowAnyException();
  }
}
