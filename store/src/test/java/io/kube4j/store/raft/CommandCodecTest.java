package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.Lease;
import io.kube4j.store.api.Member;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import io.kube4j.store.mvcc.StoreCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandCodecTest {

  private static final Bytes KEY = Bytes.of("/registry/pods/default/nginx");
  private static final Bytes BINARY = Bytes.wrap(new byte[] {0, (byte) 0xff, 7, (byte) 0x80});

  static Stream<RaftCommand> commands() {
    RangeRequest range = new RangeRequest(KEY, Bytes.ZERO, 500, 42, RangeRequest.SortOrder.DESCEND,
        RangeRequest.SortTarget.MOD, true, false, true, 1, 2, 3, 4);
    PutRequest put = new PutRequest(BINARY, Bytes.of("v"), 0x7fff_0000_1234L, true, false, true);
    DeleteRequest delete = DeleteRequest.prefix(Bytes.of("/a")).withPrevKv(true);
    TxnRequest inner = new TxnRequest(List.of(Compare.value(KEY, Compare.Result.NOT_EQUAL, BINARY)),
        List.of(put), List.of());
    TxnRequest txn = new TxnRequest(
        List.of(Compare.modRevision(KEY, Compare.Result.EQUAL, 7),
            new Compare(KEY, KEY.prefixEnd(), Compare.Target.LEASE, Compare.Result.GREATER, -1, Bytes.EMPTY),
            Compare.version(Bytes.of("x"), Compare.Result.LESS, Long.MAX_VALUE)),
        List.of(put, range, inner),
        List.of(delete, RangeRequest.key(KEY)));
    return Stream.of(
        new RaftCommand.Kv(new StoreCommand.Write(range)),
        new RaftCommand.Kv(new StoreCommand.Write(put)),
        new RaftCommand.Kv(new StoreCommand.Write(PutRequest.of(KEY, Bytes.EMPTY))),
        new RaftCommand.Kv(new StoreCommand.Write(delete)),
        new RaftCommand.Kv(new StoreCommand.Write(txn)),
        new RaftCommand.Kv(new StoreCommand.Write(new TxnRequest(List.of(), List.of(), List.of())))
        , new RaftCommand.Kv(new StoreCommand.Compact(123_456_789L)),
        new RaftCommand.Kv(new StoreCommand.LeaseGrant(Long.MAX_VALUE, 9_000_000_000L)),
        new RaftCommand.Kv(new StoreCommand.LeaseRevoke(1)),
        new RaftCommand.Kv(new StoreCommand.LeaseKeepAlive(0x694d_77aa_0012L)),
        new MemberCommand.Add(-0x7123_4567_89ab_cdefL, List.of("http://10.0.0.1:2380", "http://h:2381"), true),
        new MemberCommand.Publish(5, "infra-1", List.of("http://a:1"), List.of("http://a:2379", "https://b:2379")),
        new MemberCommand.Publish(6, "", List.of(), List.of()),
        new MemberCommand.Remove(Long.MIN_VALUE));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void commandRoundTrips(RaftCommand command) {
    byte[] bytes = CommandCodec.encode(command);
    assertThat(bytes[0]).isEqualTo((byte) CommandCodec.VERSION);
    assertThat(CommandCodec.decode(bytes)).isEqualTo(command);
  }

  @Test
  void storeCommandOverloadWrapsInKv() {
    var grant = new StoreCommand.LeaseGrant(3, 10);
    assertThat(CommandCodec.decode(CommandCodec.encode(grant))).isEqualTo(new RaftCommand.Kv(grant));
  }

  @Test
  void smallNumbersStayCompact() {
    // version + tag + op tag + key(len+1) + value(len+1) + lease + flags
    byte[] bytes = CommandCodec.encode(new StoreCommand.Write(PutRequest.of(Bytes.of("k"), Bytes.of("v"))));
    assertThat(bytes).hasSize(9);
  }

  static Stream<Object> replies() {
    KeyValue kv = new KeyValue(KEY, 3, 9, 4, BINARY, 0x1234_5678_9abcL);
    KeyValue deleted = new KeyValue(Bytes.of("gone"), 0, 10, 0, Bytes.EMPTY, 0);
    RangeResult range = new RangeResult(11, List.of(kv, kv.withoutValue()), true, 17);
    PutResult put = new PutResult(12, kv);
    DeleteResult delete = new DeleteResult(13, 2, List.of(kv, deleted));
    TxnResult nested = new TxnResult(14, false, List.of(new RangeResult(14, List.of(), false, 0)));
    TxnResult txn = new TxnResult(14, true, List.of(put, new PutResult(14, null), range, delete, nested));
    return Stream.of(
        range, put, new PutResult(1, null), delete, new DeleteResult(5, 0, List.of()), txn,
        new TxnResult(3, true, List.of()),
        99L, 0L, -1L,
        new Lease.Grant(20, 0x7abc_0000_0000_0001L, 60),
        new Lease.KeepAlive(21, 5, 59),
        List.of(new Member(0x8e9e_05c5_2164_694dL, "infra0", List.of("http://127.0.0.1:2380"),
            List.of("http://127.0.0.1:2379"), false), new Member(7, "", List.of("http://x:1"), List.of(), true)),
        List.of());
  }

  @ParameterizedTest
  @MethodSource("replies")
  void resultRoundTrips(Object result) {
    assertThat(CommandCodec.decodeReply(CommandCodec.encodeReply(result))).isEqualTo(result);
  }

  static Stream<StoreException> errors() {
    return Stream.of(
        new StoreException.Compacted(77),
        new StoreException.FutureRevision(),
        new StoreException.InvalidArgument(StoreException.TOO_MANY_OPS),
        new StoreException.NotFound(StoreException.LEASE_NOT_FOUND),
        new StoreException.FailedPrecondition(StoreException.LEASE_EXISTS),
        new StoreException.OutOfRange(StoreException.LEASE_TTL_TOO_LARGE),
        new StoreException.NoSpace(),
        new StoreException.Unavailable(StoreException.NO_LEADER),
        new StoreException.Internal("boom ünïcode"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void errorRoundTripsWithSubclassMessageAndCompactRevision(StoreException error) {
    Object decoded = CommandCodec.decodeReply(CommandCodec.encodeReply(error));
    assertThat(decoded).isExactlyInstanceOf(error.getClass());
    StoreException e = (StoreException) decoded;
    assertThat(e.getMessage()).isEqualTo(error.getMessage());
    assertThat(e.code()).isEqualTo(error.code());
    if (error instanceof StoreException.Compacted c) {
      assertThat(((StoreException.Compacted) e).compactRevision()).isEqualTo(c.compactRevision());
    }
  }

  @Test
  void rejectsUnknownVersion() {
    byte[] bytes = CommandCodec.encode(new StoreCommand.Compact(1));
    bytes[0] = (byte) (CommandCodec.VERSION + 1);
    assertThatThrownBy(() -> CommandCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
  }

  @Test
  void rejectsTruncatedInputAtEveryLength() {
    byte[] full = CommandCodec.encode(commands().toList().get(4)); // the txn: the deepest structure
    for (int len = 0; len < full.length; len++) {
      byte[] cut = Arrays.copyOf(full, len);
      assertThatThrownBy(() -> CommandCodec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rejectsUnknownTagsAndRejectsOtherTypesAsResults() {
    assertThatThrownBy(() -> CommandCodec.decode(new byte[] {CommandCodec.VERSION, 99}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag");
    assertThatThrownBy(() -> CommandCodec.encodeReply("a string"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomOpsRoundTrip() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 500; i++) {
      Op op = randomOp(random, 0);
      var command = new RaftCommand.Kv(new StoreCommand.Write(op));
      assertThat(CommandCodec.decode(CommandCodec.encode(command))).as("seed %d", seed).isEqualTo(command);
    }
  }

  private static Op randomOp(Random r, int depth) {
    return switch (r.nextInt(depth < 2 ? 4 : 3)) {
      case 0 -> new RangeRequest(randomBytes(r), randomBytes(r), r.nextLong(), r.nextLong(),
          RangeRequest.SortOrder.values()[r.nextInt(3)], RangeRequest.SortTarget.values()[r.nextInt(5)],
          r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
      case 1 -> new PutRequest(randomBytes(r), randomBytes(r), r.nextLong(), r.nextBoolean(), r.nextBoolean(),
          r.nextBoolean());
      case 2 -> new DeleteRequest(randomBytes(r), randomBytes(r), r.nextBoolean());
      default -> new TxnRequest(
          Stream.generate(() -> new Compare(randomBytes(r), randomBytes(r), Compare.Target.values()[r.nextInt(5)],
              Compare.Result.values()[r.nextInt(4)], r.nextLong(), randomBytes(r))).limit(r.nextInt(4)).toList(),
          Stream.generate(() -> randomOp(r, depth + 1)).limit(r.nextInt(4)).toList(),
          Stream.generate(() -> randomOp(r, depth + 1)).limit(r.nextInt(4)).toList());
    };
  }

  private static Bytes randomBytes(Random r) {
    byte[] b = new byte[r.nextInt(5) == 0 ? r.nextInt(3000) : r.nextInt(12)];
    r.nextBytes(b);
    return Bytes.wrap(b);
  }
}
