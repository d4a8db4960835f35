package io.kube4j.server;

import io.kube4j.apiserver.ApiServerConfig;
import io.kube4j.apiserver.serviceaccount.ServiceAccountSettings;
import io.kube4j.store.etcd.EtcdKvStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kube4j apiserver}: the Kubernetes API alone, over a real etcd or a {@code kube4j store}
 * cluster ({@code --etcd-servers}), or over an embedded one-member store when none is given.
 * Flags are named as kube-apiserver's.
 */
@Command(
    name = "apiserver",
    mixinStandardHelpOptions = true,
    versionProvider = Kube4jVersion.class,
    description = "Run the Kubernetes API server alone.")
final class ApiServerSubcommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ApiServerSubcommand.class);

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Certificates, kubeconfig and the embedded store (default: /var/lib/kube4j as root, else ~/.kube4j).")
  Path dataDir;

  @Option(names = "--etcd-servers", paramLabel = "URLS", split = ",", description = "etcd (or kube4j store) client URLs; none = an embedded store.")
  List<String> etcdServers = new ArrayList<>();

  @Option(names = "--secure-port", defaultValue = "6443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
  int securePort;

  @Option(names = "--bind-address", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bindAddress;

  @Option(names = "--tls-san", paramLabel = "NAME", split = ",", description = "Extra names or addresses for the serving certificate.")
  List<String> tlsSans = new ArrayList<>();

  @Option(names = "--token-auth-file", paramLabel = "FILE", description = "Static bearer tokens: token,user,uid,\"group1,group2\" per line.")
  Path tokenAuthFile;

  @Option(names = "--max-requests-inflight", defaultValue = "400", description = "Read-only requests handled at once; more get 429 (0 = no limit; default: ${DEFAULT-VALUE}).")
  int maxRequestsInflight;

  @Option(names = "--max-mutating-requests-inflight", defaultValue = "200", description = "Writes handled at once; more get 429 (0 = no limit; default: ${DEFAULT-VALUE}).")
  int maxMutatingRequestsInflight;

  @Option(names = "--service-cluster-ip-range", defaultValue = ApiServerConfig.DEFAULT_SERVICE_RANGE, description = "CIDR of Service cluster IPs (default: ${DEFAULT-VALUE}).")
  String serviceClusterIpRange;

  @Option(names = "--service-node-port-range", defaultValue = ApiServerConfig.DEFAULT_NODE_PORT_RANGE, description = "Ports for NodePort Services (default: ${DEFAULT-VALUE}).")
  String serviceNodePortRange;

  @Option(names = "--advertise-address", paramLabel = "IP", description = "Address of this apiserver in the kubernetes Service's endpoints (default: the bind address, or the host's first IPv4 address).")
  String advertiseAddress;

  @Option(names = "--event-ttl", paramLabel = "DURATION", defaultValue = "1h", converter = GoDuration.class,
      description = "How long Events are kept after their last write (default: ${DEFAULT-VALUE}).")
  java.time.Duration eventTtl = ApiServerConfig.DEFAULT_EVENT_TTL;

  @Option(names = "--service-account-issuer", paramLabel = "URL", description = "Issuer of service-account tokens; repeat to accept more (the first signs) (default: " + ServiceAccountSettings.DEFAULT_ISSUER + ").")
  List<String> serviceAccountIssuers = new ArrayList<>();

  @Option(names = "--service-account-key-file", paramLabel = "FILE", description = "PEM file of keys that verify service-account tokens; repeatable.")
  List<Path> serviceAccountKeyFiles = new ArrayList<>();

  @Option(names = "--service-account-signing-key-file", paramLabel = "FILE", description = "PEM private key that signs service-account tokens (default: sa.key in the PKI directory, made at first start).")
  Path serviceAccountSigningKeyFile;

  @Option(names = "--api-audiences", paramLabel = "AUD", split = ",", description = "Audiences a token must name one of (default: the issuers).")
  List<String> apiAudiences = new ArrayList<>();

  @Option(names = "--service-account-max-token-expiration", paramLabel = "DURATION", converter = GoDuration.class, description = "Longest service-account token issued (default: no limit).")
  java.time.Duration serviceAccountMaxTokenExpiration;

  @Option(names = "--service-account-extend-token-expiration", arity = "1", defaultValue = "true", description = "Extend pod-bound projected tokens to a year, warning after their requested expiry (default: ${DEFAULT-VALUE}).")
  boolean serviceAccountExtendTokenExpiration = true;

  @Option(names = "--service-account-jwks-uri", paramLabel = "URL", description = "jwks_uri of the OIDC discovery document (default: https://ADVERTISE:PORT/openid/v1/jwks).")
  String serviceAccountJwksUri;

  /** The --service-account-* and --api-audiences flags as settings. */
  ServiceAccountSettings serviceAccountSettings() {
    return new ServiceAccountSettings(serviceAccountIssuers, serviceAccountKeyFiles, serviceAccountSigningKeyFile,
        apiAudiences, serviceAccountMaxTokenExpiration, serviceAccountExtendTokenExpiration, serviceAccountJwksUri);
  }

  @Override
  public Integer call() throws Exception {
    ServerDefaults defaults = dataDir == null ? ServerDefaults.forCurrentUser() : ServerDefaults.forCurrentUser().withDataDir(dataDir);
    Files.createDirectories(defaults.dataDir());
    ApiServerConfig config = new ApiServerConfig(bindAddress, securePort, defaults.dataDir(), tlsSans, tokenAuthFile, 10_000,
        maxRequestsInflight, maxMutatingRequestsInflight, serviceClusterIpRange, serviceNodePortRange, advertiseAddress, eventTtl,
        serviceAccountSettings());
    List<ServerComponent> components = new ArrayList<>();
    ApiServerComponent api;
    if (etcdServers.isEmpty()) {
      Files.createDirectories(defaults.storeDataDir());
      StoreComponent store = new StoreComponent(defaults.storeConfig());
      components.add(store);
      api = new ApiServerComponent(store::kv, config);
    } else {
      EtcdKvStore etcd = new EtcdKvStore(etcdServers);
      api = new ApiServerComponent(() -> etcd, config);
      log.info("apiserver storing in {}", String.join(",", etcdServers));
    }
    components.add(api);
    ReadinessChain chain = new ReadinessChain(components);
    ShutdownHooks.closeOnExit("kube4j apiserver", chain);
    chain.start();
    log.info("kube4j apiserver ready on {}", api.server().url());
    String stoppedOnItsOwn = chain.awaitTermination();
    return stoppedOnItsOwn == null ? 0 : 1;
  }
}
