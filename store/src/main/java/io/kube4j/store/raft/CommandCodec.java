package io.kube4j.store.raft;

import io.kube4j.store.api.Lease;
import io.kube4j.store.api.Member;
import io.kube4j.store.api.OpResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.mvcc.StoreCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of what travels through Raft: log entries ({@link RaftCommand}) and the replies of
 * applying them (a result, or the {@link StoreException} the state machine threw: both are
 * deterministic, so both are replies).
 *
 * <p>Every encoding starts with {@link #VERSION}; a member refuses entries of a version it does not
 * know instead of misreading them. Numbers are zig-zag varints (see {@link Wire}).
 *
 * <p>Stateless and thread-safe. Decoders throw {@link IllegalArgumentException} on malformed input.
 */
public final class CommandCodec {
  /** Version of the log entry and reply format. A new command or field is a new version. */
  public static final int VERSION = 1;

  // Command tags.
  private static final int WRITE = 1;
  private static final int COMPACT = 2;
  private static final int LEASE_GRANT = 3;
  private static final int LEASE_REVOKE = 4;
  private static final int LEASE_KEEP_ALIVE = 5;
  private static final int MEMBER_ADD = 16;
  private static final int MEMBER_PUBLISH = 17;
  private static final int MEMBER_REMOVE = 18;

  // Reply tags.
  private static final int R_OP = 1;
  private static final int R_LONG = 2;
  private static final int R_GRANT = 3;
  private static final int R_KEEP_ALIVE = 4;
  private static final int R_MEMBERS = 5;
  private static final int R_ERROR = 6;

  // Error kinds, one per StoreException subclass.
  private static final int E_COMPACTED = 1;
  private static final int E_FUTURE_REVISION = 2;
  private static final int E_INVALID_ARGUMENT = 3;
  private static final int E_NOT_FOUND = 4;
  private static final int E_FAILED_PRECONDITION = 5;
  private static final int E_NO_SPACE = 6;
  private static final int E_UNAVAILABLE = 7;
  private static final int E_INTERNAL = 8;
  private static final int E_OUT_OF_RANGE = 9;

  private CommandCodec() {}

  public static byte[] encode(StoreCommand command) {
    return encode(new RaftCommand.Kv(command));
  }

  public static byte[] encode(RaftCommand command) {
    return write(out -> {
      switch (command) {
        case RaftCommand.Kv(StoreCommand.Write(var op)) -> {
          out.writeByte(WRITE);
          OpCodec.writeOp(out, op);
        }
        case RaftCommand.Kv(StoreCommand.Compact(long revision)) -> {
          out.writeByte(COMPACT);
          Wire.writeLong(out, revision);
        }
        case RaftCommand.Kv(StoreCommand.LeaseGrant(long id, long ttl)) -> {
          out.writeByte(LEASE_GRANT);
          Wire.writeLong(out, id);
          Wire.writeLong(out, ttl);
        }
        case RaftCommand.Kv(StoreCommand.LeaseRevoke(long id)) -> {
          out.writeByte(LEASE_REVOKE);
          Wire.writeLong(out, id);
        }
        case RaftCommand.Kv(StoreCommand.LeaseKeepAlive(long id)) -> {
          out.writeByte(LEASE_KEEP_ALIVE);
          Wire.writeLong(out, id);
        }
        case MemberCommand.Add(long id, var peerUrls, boolean learner) -> {
          out.writeByte(MEMBER_ADD);
          Wire.writeLong(out, id);
          Wire.writeStrings(out, peerUrls);
          out.writeBoolean(learner);
        }
        case MemberCommand.Publish(long id, String name, var peerUrls, var clientUrls) -> {
          out.writeByte(MEMBER_PUBLISH);
          Wire.writeLong(out, id);
          Wire.writeString(out, name);
          Wire.writeStrings(out, peerUrls);
          Wire.writeStrings(out, clientUrls);
        }
        case MemberCommand.Remove(long id) -> {
          out.writeByte(MEMBER_REMOVE);
          Wire.writeLong(out, id);
        }
      }
    });
  }

  public static RaftCommand decode(byte[] bytes) {
    return decode(new ByteArrayInputStream(bytes));
  }

  /** Decodes one command; the stream is read to the command's end, not closed. */
  public static RaftCommand decode(InputStream stream) {
    return read(stream, in -> {
      int tag = in.readUnsignedByte();
      return switch (tag) {
        case WRITE -> new RaftCommand.Kv(new StoreCommand.Write(OpCodec.readOp(in)));
        case COMPACT -> new RaftCommand.Kv(new StoreCommand.Compact(Wire.readLong(in)));
        case LEASE_GRANT -> new RaftCommand.Kv(new StoreCommand.LeaseGrant(Wire.readLong(in), Wire.readLong(in)));
        case LEASE_REVOKE -> new RaftCommand.Kv(new StoreCommand.LeaseRevoke(Wire.readLong(in)));
        case LEASE_KEEP_ALIVE -> new RaftCommand.Kv(new StoreCommand.LeaseKeepAlive(Wire.readLong(in)));
        case MEMBER_ADD -> new MemberCommand.Add(Wire.readLong(in), Wire.readStrings(in), in.readBoolean());
        case MEMBER_PUBLISH -> new MemberCommand.Publish(
            Wire.readLong(in), Wire.readString(in), Wire.readStrings(in), Wire.readStrings(in));
        case MEMBER_REMOVE -> new MemberCommand.Remove(Wire.readLong(in));
        default -> throw new IOException("unknown command tag " + tag);
      };
    });
  }

  /**
   * Encodes the result of applying a command: an {@link OpResult}, a {@link Long}, a
   * {@link Lease.Grant}, a {@link Lease.KeepAlive}, a list of {@link Member}s or a
   * {@link StoreException}.
   *
   * @throws IllegalArgumentException for any other type
   */
  public static byte[] encodeReply(Object result) {
    return write(out -> {
      switch (result) {
        case OpResult r -> {
          out.writeByte(R_OP);
          OpCodec.writeResult(out, r);
        }
        case Long value -> {
          out.writeByte(R_LONG);
          Wire.writeLong(out, value);
        }
        case Lease.Grant(long revision, long id, long ttl) -> {
          out.writeByte(R_GRANT);
          Wire.writeLong(out, revision);
          Wire.writeLong(out, id);
          Wire.writeLong(out, ttl);
        }
        case Lease.KeepAlive(long revision, long id, long ttl) -> {
          out.writeByte(R_KEEP_ALIVE);
          Wire.writeLong(out, revision);
          Wire.writeLong(out, id);
          Wire.writeLong(out, ttl);
        }
        case List<?> members -> {
          out.writeByte(R_MEMBERS);
          Wire.writeLength(out, members.size());
          for (Object m : members) {
            writeMember(out, (Member) m);
          }
        }
        case StoreException e -> {
          out.writeByte(R_ERROR);
          writeError(out, e);
        }
        default -> throw new IllegalArgumentException("not a store result: " + result.getClass().getName());
      }
    });
  }

  /** Decodes a reply: the result, or the {@link StoreException} instance (returned, not thrown). */
  public static Object decodeReply(InputStream stream) {
    return read(stream, in -> {
      int tag = in.readUnsignedByte();
      return switch (tag) {
        case R_OP -> OpCodec.readResult(in);
        case R_LONG -> Wire.readLong(in);
        case R_GRANT -> new Lease.Grant(Wire.readLong(in), Wire.readLong(in), Wire.readLong(in));
        case R_KEEP_ALIVE -> new Lease.KeepAlive(Wire.readLong(in), Wire.readLong(in), Wire.readLong(in));
        case R_MEMBERS -> {
          int n = Wire.readLength(in);
          List<Member> members = new ArrayList<>(Math.min(n, 64));
          for (int i = 0; i < n; i++) {
            members.add(readMember(in));
          }
          yield List.copyOf(members);
        }
        case R_ERROR -> readError(in);
        default -> throw new IOException("unknown reply tag " + tag);
      };
    });
  }

  public static Object decodeReply(byte[] bytes) {
    return decodeReply(new ByteArrayInputStream(bytes));
  }

  static void writeMember(DataOutput out, Member m) throws IOException {
    Wire.writeLong(out, m.id());
    Wire.writeString(out, m.name());
    Wire.writeStrings(out, m.peerUrls());
    Wire.writeStrings(out, m.clientUrls());
    out.writeBoolean(m.learner());
  }

  static Member readMember(DataInput in) throws IOException {
    return new Member(Wire.readLong(in), Wire.readString(in), Wire.readStrings(in), Wire.readStrings(in),
        in.readBoolean());
  }

  private static void writeError(DataOutput out, StoreException e) throws IOException {
    int kind = switch (e) {
      case StoreException.Compacted c -> E_COMPACTED;
      case StoreException.FutureRevision f -> E_FUTURE_REVISION;
      case StoreException.InvalidArgument i -> E_INVALID_ARGUMENT;
      case StoreException.NotFound n -> E_NOT_FOUND;
      case StoreException.FailedPrecondition f -> E_FAILED_PRECONDITION;
      case StoreException.OutOfRange o -> E_OUT_OF_RANGE;
      case StoreException.NoSpace n -> E_NO_SPACE;
      case StoreException.Unavailable u -> E_UNAVAILABLE;
      case StoreException.Internal i -> E_INTERNAL;
    };
    out.writeByte(kind);
    Wire.writeString(out, e.getMessage() == null ? "" : e.getMessage());
    Wire.writeLong(out, e instanceof StoreException.Compacted c ? c.compactRevision() : 0);
  }

  private static StoreException readError(DataInput in) throws IOException {
    int kind = in.readUnsignedByte();
    String message = Wire.readString(in);
    long compactRevision = Wire.readLong(in);
    return switch (kind) {
      case E_COMPACTED -> new StoreException.Compacted(compactRevision);
      case E_FUTURE_REVISION -> new StoreException.FutureRevision();
      case E_INVALID_ARGUMENT -> new StoreException.InvalidArgument(message);
      case E_NOT_FOUND -> new StoreException.NotFound(message);
      case E_FAILED_PRECONDITION -> new StoreException.FailedPrecondition(message);
      case E_OUT_OF_RANGE -> new StoreException.OutOfRange(message);
      case E_NO_SPACE -> new StoreException.NoSpace();
      case E_UNAVAILABLE -> new StoreException.Unavailable(message);
      case E_INTERNAL -> new StoreException.Internal(message);
      default -> throw new IOException("unknown error kind " + kind);
    };
  }

  @FunctionalInterface
  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer writer) {
    var buffer = new ByteArrayOutputStream(64);
    try (var out = new DataOutputStream(buffer)) {
      out.writeByte(VERSION);
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return buffer.toByteArray();
  }

  private static <T> T read(InputStream stream, Reader<T> reader) {
    var in = new DataInputStream(stream);
    try {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unsupported log format version " + version + " (this member reads "
            + VERSION + ")");
      }
      return reader.read(in);
    } catch (EOFException e) {
      throw new IllegalArgumentException("truncated log entry or reply", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed log entry or reply: " + e.getMessage(), e);
    }
  }
}
