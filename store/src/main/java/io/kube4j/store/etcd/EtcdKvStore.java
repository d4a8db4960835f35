package io.kube4j.store.etcd;

import io.etcd.jetcd.api.ClusterGrpc;
import io.etcd.jetcd.api.CompactionRequest;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.MemberAddRequest;
import io.etcd.jetcd.api.MemberListRequest;
import io.etcd.jetcd.api.MemberRemoveRequest;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.etcd.jetcd.api.WatchGrpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.Lease;
import io.kube4j.store.api.Member;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.StoreStatus;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.api.WatchRequest;
import io.kube4j.store.proto.ProtoCodec;
import io.kube4j.store.proto.WatchProtoCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link KvStore} as a client of a real etcd (3.4+) cluster: what the apiserver uses with
 * {@code --etcd-servers}, and what tests use to talk to any etcd-compatible server.
 *
 * <p>It speaks etcd's v3 gRPC API through the raw stubs of jetcd-grpc over one channel
 * (grpc-netty-shaded, whose relocated Netty cannot clash with another on the classpath) balanced
 * round-robin over every endpoint, not through jetcd-core: jetcd-core (0.8.7) cannot express a lease
 * compare, a compare over a key range, a lease grant with a chosen id or a lease listing, and it sends
 * every call through its own retry policy (reads are retried on their own). Here every request maps
 * field for field to etcd's (see {@link ProtoCodec}, the codec our server uses too), every error to
 * the {@link StoreException} with etcd's code and message (see {@link EtcdErrors}), and nothing is
 * ever retried: a write that fails with {@link StoreException.Unavailable} may or may not have been
 * applied, as with etcd's own client.
 *
 * <p>Thread-safe; blocking calls meant for virtual threads, each bounded by the timeout given at
 * construction (a write that times out is reported as Unavailable, outcome unknown). Watches get
 * their own stream each (see {@link EtcdWatch}) and ask etcd to end them when their member loses its
 * leader, as the apiserver does. Plaintext only (no TLS, no auth). The caller owns the instance and
 * must {@link #close()} it; closing cancels open watches with Unavailable.
 */
public final class EtcdKvStore implements KvStore {
  /** How long one request may take unless the constructor says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** etcd's "fail this watch if my member has no leader" marker (clientv3.WithRequireLeader). */
  private static final Metadata REQUIRE_LEADER = requireLeader();

  private final ManagedChannel channel;
  private final Duration timeout;
  private final KVGrpc.KVBlockingStub kv;
  private final WatchGrpc.WatchStub watch;
  private final MaintenanceGrpc.MaintenanceBlockingStub maintenance;
  private final ClusterGrpc.ClusterBlockingStub cluster;
  private final EtcdLeases leases;
  private final CompactRevisionProbe compactProbe;
  private final Set<EtcdWatch> openWatches = ConcurrentHashMap.newKeySet();

  /** A client of the etcd cluster at these client URLs ({@code http://host:port}). */
  public EtcdKvStore(List<String> endpoints) {
    this(endpoints, DEFAULT_TIMEOUT);
  }

  /**
   * A client of the etcd cluster at these client URLs, each request bounded by {@code timeout}.
   *
   * @throws IllegalArgumentException when an endpoint is malformed or not http
   */
  public EtcdKvStore(List<String> endpoints, Duration timeout) {
    this.timeout = timeout;
    this.channel = NettyChannelBuilder
        .forTarget(EtcdEndpoints.parse(endpoints).target(), InsecureChannelCredentials.create())
        .defaultLoadBalancingPolicy("round_robin")
        .maxInboundMessageSize(Integer.MAX_VALUE) // as etcd's client: big ranges must come through
        .disableRetry() // never resend a request: a CAS could apply twice
        .keepAliveTime(30, TimeUnit.SECONDS) // above etcd's --grpc-keepalive-min-time (5s)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .build();
    this.kv = KVGrpc.newBlockingStub(channel);
    this.watch = WatchGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(REQUIRE_LEADER));
    this.maintenance = MaintenanceGrpc.newBlockingStub(channel);
    this.cluster = ClusterGrpc.newBlockingStub(channel);
    this.leases = new EtcdLeases(channel, timeout);
    this.compactProbe = new CompactRevisionProbe(() -> bounded(kv));
  }

  private static Metadata requireLeader() {
    Metadata metadata = new Metadata();
    metadata.put(Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER), "true");
    return metadata;
  }

  private <S extends AbstractStub<S>> S bounded(S stub) {
    return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs one blocking call, turning its failure into the matching store error. */
  private <T> T call(Supplier<T> rpc, LongSupplier compactRevision) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw EtcdErrors.map(e, compactRevision);
    }
  }

  private <T> T call(Supplier<T> rpc) {
    return call(rpc, () -> compactProbe.find(0));
  }

  @Override
  public RangeResult range(RangeRequest request) {
    return call(() -> ProtoCodec.fromProto(bounded(kv).range(ProtoCodec.toProto(request))),
        () -> compactProbe.find(request.revision() + 1));
  }

  @Override
  public PutResult put(PutRequest request) {
    return call(() -> ProtoCodec.fromProto(bounded(kv).put(ProtoCodec.toProto(request))));
  }

  @Override
  public DeleteResult delete(DeleteRequest request) {
    return call(() -> ProtoCodec.fromProto(bounded(kv).deleteRange(ProtoCodec.toProto(request))));
  }

  @Override
  public TxnResult txn(TxnRequest request) {
    return call(() -> ProtoCodec.fromProto(bounded(kv).txn(ProtoCodec.toProto(request))));
  }

  /** Logical compaction only ({@code physical=false}): etcd answers before its backend is cleaned. */
  @Override
  public long compact(long revision) {
    return call(() -> bounded(kv).compact(CompactionRequest.newBuilder().setRevision(revision).build())
        .getHeader().getRevision(), () -> compactProbe.find(revision));
  }

  @Override
  public Watch watch(WatchRequest request, WatchListener listener) {
    EtcdWatch started =
        EtcdWatch.start(watch, WatchProtoCodec.toProto(request), listener, timeout, openWatches::remove);
    openWatches.add(started);
    if (started.isFinished()) { // ended before we tracked it; its own removal came too early
      openWatches.remove(started);
    }
    return started;
  }

  @Override
  public Lease.Grant leaseGrant(long ttlSeconds, long id) {
    return call(() -> leases.grant(ttlSeconds, id));
  }

  @Override
  public long leaseRevoke(long id) {
    return call(() -> leases.revoke(id));
  }

  /** @throws StoreException.NotFound for an unknown or expired lease (etcd answers TTL 0) */
  @Override
  public Lease.KeepAlive leaseKeepAlive(long id) {
    return call(() -> leases.keepAliveOnce(id));
  }

  @Override
  public Lease.TimeToLive leaseTimeToLive(long id, boolean withKeys) {
    return call(() -> leases.timeToLive(id, withKeys));
  }

  @Override
  public List<Long> leases() {
    return call(leases::list);
  }

  /**
   * The status of whichever member answers. etcd 3.4's status has neither the compaction revision nor
   * the key count; we ask for them separately (a count-only read, and {@link CompactRevisionProbe}).
   */
  @Override
  public StoreStatus status() {
    StatusResponse s = call(() -> bounded(maintenance).status(StatusRequest.getDefaultInstance()));
    long keys = range(RangeRequest.range(Bytes.EMPTY, Bytes.ZERO).withCountOnly(true).withSerializable(true)).count();
    long compactRevision = compactProbe.find(0);
    return new StoreStatus(s.getHeader().getRevision(), compactRevision, s.getVersion(), s.getDbSize(),
        s.getLeader(), s.getHeader().getMemberId(), s.getHeader().getClusterId(), s.getRaftAppliedIndex(),
        s.getRaftTerm(), keys, s.getIsLearner());
  }

  @Override
  public List<Member> members() {
    return call(() -> {
      List<Member> members = new ArrayList<>();
      bounded(cluster).memberList(MemberListRequest.getDefaultInstance()).getMembersList()
          .forEach(m -> members.add(ProtoCodec.fromProto(m)));
      return members;
    });
  }

  @Override
  public Member memberAdd(List<String> peerUrls, boolean learner) {
    return call(() -> ProtoCodec.fromProto(bounded(cluster).memberAdd(
        MemberAddRequest.newBuilder().addAllPeerURLs(peerUrls).setIsLearner(learner).build()).getMember()));
  }

  @Override
  public void memberRemove(long memberId) {
    call(() -> bounded(cluster).memberRemove(MemberRemoveRequest.newBuilder().setID(memberId).build()));
  }

  @Override
  public void close() {
    for (EtcdWatch open : List.copyOf(openWatches)) {
      open.finish(new StoreException.Unavailable("etcd client closed"));
    }
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
