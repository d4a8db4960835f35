package io.kube4j.store.etcd;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's {@code Lease/LeaseLeases} RPC (etcd 3.3+), which jetcd-grpc's copy of {@code rpc.proto}
 * lacks. The messages are tiny, so we read and write them as protobuf field sets rather than
 * generating code: request {@code LeaseLeasesRequest {}}; response {@code LeaseLeasesResponse {
 * ResponseHeader header = 1; repeated LeaseStatus leases = 2; }} with {@code LeaseStatus { int64 ID =
 * 1; }}. Stateless.
 */
final class LeaseLeasesCall {
  private static final int LEASES_FIELD = 2;
  private static final int LEASE_ID_FIELD = 1;

  static final MethodDescriptor<UnknownFieldSet, UnknownFieldSet> METHOD =
      MethodDescriptor.<UnknownFieldSet, UnknownFieldSet>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("etcdserverpb.Lease", "LeaseLeases"))
          .setRequestMarshaller(FieldSetMarshaller.INSTANCE)
          .setResponseMarshaller(FieldSetMarshaller.INSTANCE)
          .build();

  private LeaseLeasesCall() {}

  /** Every lease id etcd holds, in etcd's order. */
  static List<Long> leases(Channel channel, CallOptions options) {
    UnknownFieldSet response =
        ClientCalls.blockingUnaryCall(channel, METHOD, options, UnknownFieldSet.getDefaultInstance());
    List<Long> ids = new ArrayList<>();
    if (response.hasField(LEASES_FIELD)) {
      for (ByteString status : response.getField(LEASES_FIELD).getLengthDelimitedList()) {
        try {
          List<Long> id = UnknownFieldSet.parseFrom(status).getField(LEASE_ID_FIELD).getVarintList();
          ids.add(id.isEmpty() ? 0L : id.getLast());
        } catch (InvalidProtocolBufferException e) {
          throw Status.INTERNAL.withDescription("malformed LeaseStatus from etcd").withCause(e).asRuntimeException();
        }
      }
    }
    return ids;
  }

  private enum FieldSetMarshaller implements MethodDescriptor.Marshaller<UnknownFieldSet> {
    INSTANCE;

    @Override
    public InputStream stream(UnknownFieldSet value) {
      return new ByteArrayInputStream(value.toByteArray());
    }

    @Override
    public UnknownFieldSet parse(InputStream stream) {
      try {
        return UnknownFieldSet.parseFrom(stream);
      } catch (IOException e) {
        throw Status.INTERNAL.withDescription("malformed LeaseLeasesResponse from etcd").withCause(e)
            .asRuntimeException();
      }
    }
  }
}
