package io.kube4j.store.etcd;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import io.grpc.StatusOr;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The etcd client endpoints one {@link EtcdKvStore} talks to, and the gRPC name resolution that turns
 * them into one channel balanced over every endpoint.
 *
 * <p>A channel target of the form {@code kube4j-etcd:///host1:port1,host2:port2} resolves to those
 * addresses (DNS names resolved when the channel asks, so a restarted member on a new IP is found on
 * the next resolution). The provider is stateless and registered once per JVM in gRPC's default
 * registry, so that we need neither the deprecated per-builder resolver factory nor jetcd-core's
 * service-loader registration. Thread-safe (immutable).
 *
 * @param hostPorts each endpoint as {@code host:port}, in the order given
 */
record EtcdEndpoints(List<String> hostPorts) {
  static final String SCHEME = "kube4j-etcd";

  EtcdEndpoints {
    hostPorts = List.copyOf(hostPorts);
    if (hostPorts.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoint given");
    }
  }

  /**
   * Parses etcd's {@code --etcd-servers} form: {@code http://host:port} URLs (a bare
   * {@code host:port} is read as http). TLS endpoints are refused: this client speaks plaintext only.
   *
   * @throws IllegalArgumentException naming the malformed endpoint
   */
  static EtcdEndpoints parse(List<String> urls) {
    List<String> hostPorts = new ArrayList<>();
    for (String raw : urls) {
      String url = raw.trim();
      if (url.isEmpty()) {
        continue;
      }
      URI uri = URI.create(url.contains("://") ? url : "http://" + url);
      if (!"http".equals(uri.getScheme())) {
        throw new IllegalArgumentException("etcd endpoint '" + raw + "': only http:// is supported");
      }
      if (uri.getHost() == null || uri.getPort() < 0) {
        throw new IllegalArgumentException("etcd endpoint '" + raw + "' needs a host and a port");
      }
      hostPorts.add(uri.getHost() + ":" + uri.getPort()); // an IPv6 host keeps its brackets
    }
    return new EtcdEndpoints(hostPorts);
  }

  /** The channel target naming every endpoint; see the class comment. */
  String target() {
    Provider.registerOnce();
    return SCHEME + ":///" + String.join(",", hostPorts);
  }

  /** Resolves {@code kube4j-etcd:///h:p,h:p} targets. Stateless; registered once. */
  static final class Provider extends NameResolverProvider {
    private static final Object LOCK = new Object();
    private static boolean registered;

    static void registerOnce() {
      synchronized (LOCK) {
        if (!registered) {
          NameResolverRegistry.getDefaultRegistry().register(new Provider());
          registered = true;
        }
      }
    }

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 5;
    }

    @Override
    public String getDefaultScheme() {
      return SCHEME;
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
      return List.of(InetSocketAddress.class);
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
      if (!SCHEME.equals(targetUri.getScheme())) {
        return null;
      }
      String path = targetUri.getPath();
      List<String> hostPorts = List.of((path.startsWith("/") ? path.substring(1) : path).split(","));
      return new StaticResolver(hostPorts);
    }
  }

  /** Hands gRPC the endpoint list; re-resolves DNS names on every refresh. */
  private static final class StaticResolver extends NameResolver {
    private final List<String> hostPorts;
    private Listener2 listener;

    StaticResolver(List<String> hostPorts) {
      this.hostPorts = hostPorts;
    }

    @Override
    public String getServiceAuthority() {
      return hostPorts.getFirst();
    }

    @Override
    public void start(Listener2 listener) {
      this.listener = listener;
      resolve();
    }

    @Override
    public void refresh() {
      resolve();
    }

    private void resolve() {
      List<EquivalentAddressGroup> groups = new ArrayList<>();
      for (String hostPort : hostPorts) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress address = new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
        if (!address.isUnresolved()) {
          groups.add(new EquivalentAddressGroup(address));
        }
      }
      if (groups.isEmpty()) {
        listener.onResult(ResolutionResult.newBuilder()
            .setAddressesOrError(StatusOr.fromStatus(
                Status.UNAVAILABLE.withDescription("cannot resolve any etcd endpoint of " + hostPorts)))
            .build());
      } else {
        listener.onResult(ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(groups)).build());
      }
    }

    @Override
    public void shutdown() {}
  }
}
