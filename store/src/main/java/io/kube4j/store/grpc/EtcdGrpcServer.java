package io.kube4j.store.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.kube4j.store.api.KvStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etcd v3 gRPC API (KV, Watch, Lease, Maintenance, Cluster) over a {@link KvStore}, on one or
 * more plain-HTTP client URLs, so that etcdctl, jetcd and Kubernetes talk to the store unchanged.
 *
 * <p>Requests run on virtual threads, since the store blocks. As etcd, the largest accepted message
 * is {@code maxRequestBytes} plus 512 KiB of gRPC overhead (the store itself refuses requests past
 * {@code maxRequestBytes}), and client keep-alive pings are accepted as often as every second.
 *
 * <p>Thread-safe. The server does not own the store: {@link #close()} stops serving (bounded: a few
 * seconds at most) but leaves the store open.
 */
public final class EtcdGrpcServer implements AutoCloseable {
  /** What etcd adds to --max-request-bytes for the gRPC message limit. */
  public static final int GRPC_OVERHEAD_BYTES = 512 * 1024;

  private static final Logger log = LoggerFactory.getLogger(EtcdGrpcServer.class);
  private static final Duration PERMIT_KEEPALIVE_TIME = Duration.ofSeconds(1);
  private static final Duration KEEPALIVE_TIME = Duration.ofHours(2); // etcd's --grpc-keepalive-interval
  private static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(20); // etcd's --grpc-keepalive-timeout
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final int maxRequestBytes;
  private final KvService kvService;
  private final WatchService watchService;
  private final LeaseService leaseService;
  private final MaintenanceService maintenanceService;
  private final ClusterService clusterService;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Server> servers = new ArrayList<>(); // guarded by this
  private final List<URI> boundUrls = new ArrayList<>(); // guarded by this
  private boolean closed; // guarded by this

  public EtcdGrpcServer(KvStore kv, ServerIdentity identity, int maxRequestBytes) {
    this(kv, identity, maxRequestBytes, WatchSettings.defaults());
  }

  public EtcdGrpcServer(KvStore kv, ServerIdentity identity, int maxRequestBytes, WatchSettings watchSettings) {
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes must be positive: " + maxRequestBytes);
    }
    this.maxRequestBytes = maxRequestBytes;
    ResponseHeaders headers = new ResponseHeaders(kv, identity);
    this.kvService = new KvService(kv, headers);
    this.watchService = new WatchService(kv, headers, watchSettings);
    this.leaseService = new LeaseService(kv, headers);
    this.maintenanceService = new MaintenanceService(kv, headers);
    this.clusterService = new ClusterService(kv, headers);
  }

  /**
   * Serves on every URL ({@code http://host:port}; port 0 picks a free one). On failure, whatever
   * this call started is stopped again and the error is thrown.
   *
   * @throws IllegalArgumentException for a URL that is not {@code http://host:port}
   * @throws IOException when a port cannot be bound
   */
  public synchronized void start(List<URI> listenUrls) throws IOException {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    List<Server> started = new ArrayList<>();
    List<URI> bound = new ArrayList<>();
    try {
      for (URI url : listenUrls) {
        Server server = build(address(url)).start();
        started.add(server);
        int port = ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
        bound.add(withPort(url, port));
      }
    } catch (IOException | RuntimeException e) {
      started.forEach(Server::shutdownNow);
      throw e;
    }
    servers.addAll(started);
    boundUrls.addAll(bound);
    log.info("Serving the etcd v3 API on {}", bound);
  }

  /** The URLs actually served, with real ports, in the order started. */
  public synchronized List<URI> boundUrls() {
    return List.copyOf(boundUrls);
  }

  /** The Watch service (for tests that look at its streams). */
  WatchService watchService() {
    return watchService;
  }

  @Override
  public void close() {
    List<Server> toStop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = List.copyOf(servers);
    }
    toStop.forEach(Server::shutdown); // no new calls; unary calls in flight may finish
    watchService.close(); // streams never finish by themselves: end them
    leaseService.close();
    long deadline = System.nanoTime() + GRACE.toNanos();
    try {
      for (Server server : toStop) {
        if (!server.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          server.shutdownNow();
          server.awaitTermination(1, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      toStop.forEach(Server::shutdownNow);
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    log.info("Stopped serving the etcd v3 API");
  }

  private Server build(InetSocketAddress address) {
    return NettyServerBuilder.forAddress(address)
        .executor(executor)
        .maxInboundMessageSize(maxRequestBytes + GRPC_OVERHEAD_BYTES)
        .permitKeepAliveTime(PERMIT_KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(true)
        .keepAliveTime(KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .addService(kvService)
        .addService(watchService)
        .addService(leaseService.bindWithLeaseLeases())
        .addService(maintenanceService)
        .addService(clusterService)
        .build();
  }

  static InetSocketAddress address(URI url) {
    if (!"http".equals(url.getScheme())) {
      throw new IllegalArgumentException("only http:// client URLs are supported (no TLS yet): " + url);
    }
    if (url.getHost() == null || url.getPort() < 0) {
      throw new IllegalArgumentException("a client URL needs a host and a port: " + url);
    }
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // IPv6 literal
    }
    return new InetSocketAddress(host, url.getPort());
  }

  private static URI withPort(URI url, int port) {
    try {
      return new URI(url.getScheme(), url.getUserInfo(), url.getHost(), port, url.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
