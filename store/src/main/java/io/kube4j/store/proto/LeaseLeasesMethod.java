package io.kube4j.store.proto;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Empty;
import com.google.protobuf.WireFormat;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.ResponseHeader;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's {@code Lease/LeaseLeases} RPC (etcdctl {@code lease list}), which jetcd-grpc 0.8.7's stubs
 * lack. The request is empty; the response is encoded by hand as etcd's
 * {@code LeaseLeasesResponse { ResponseHeader header = 1; repeated LeaseStatus leases = 2; }} with
 * {@code LeaseStatus { int64 ID = 1; }}. The server binds {@link #DESCRIPTOR} next to jetcd's
 * generated Lease methods; the client calls it on its channel with an empty request.
 *
 * <p>Stateless and thread-safe. A response that is not valid protobuf fails the call.
 */
public final class LeaseLeasesMethod {
  /** The answer: a header and the ids of every live lease. */
  public record Response(ResponseHeader header, List<Long> ids) {
    public Response {
      ids = List.copyOf(ids);
    }
  }

  private static final int HEADER_FIELD = 1;
  private static final int LEASES_FIELD = 2;
  private static final int LEASE_ID_FIELD = 1;

  public static final MethodDescriptor<Empty, Response> DESCRIPTOR = MethodDescriptor.<Empty, Response>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName(LeaseGrpc.SERVICE_NAME, "LeaseLeases"))
      .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
      .setResponseMarshaller(new ResponseMarshaller())
      .build();

  private LeaseLeasesMethod() {}

  static byte[] encode(Response response) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeMessage(HEADER_FIELD, response.header());
      for (long id : response.ids()) {
        out.writeTag(LEASES_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(CodedOutputStream.computeInt64Size(LEASE_ID_FIELD, id));
        out.writeInt64(LEASE_ID_FIELD, id);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Response decode(InputStream stream) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(stream);
    ResponseHeader header = ResponseHeader.getDefaultInstance();
    List<Long> ids = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case HEADER_FIELD -> header = ResponseHeader.parseFrom(in.readBytes());
        case LEASES_FIELD -> ids.add(decodeLeaseId(CodedInputStream.newInstance(in.readByteArray())));
        default -> in.skipField(tag);
      }
    }
    return new Response(header, ids);
  }

  private static long decodeLeaseId(CodedInputStream in) throws IOException {
    long id = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == LEASE_ID_FIELD) {
        id = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return id;
  }

  private static final class ResponseMarshaller implements MethodDescriptor.Marshaller<Response> {
    @Override
    public InputStream stream(Response value) {
      return new ByteArrayInputStream(encode(value));
    }

    @Override
    public Response parse(InputStream stream) {
      try {
        return decode(stream);
      } catch (IOException e) {
        throw Status.INTERNAL.withDescription("malformed LeaseLeasesResponse").withCause(e).asRuntimeException();
      }
    }
  }
}
