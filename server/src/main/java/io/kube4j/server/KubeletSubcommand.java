package io.kube4j.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.kube4j.apiserver.pki.Pem;
import io.kube4j.kubelet.KubeletSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.function.Supplier;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kube4j kubelet}: a node agent joining a cluster, with the kubelet's flag names. It reaches
 * the apiserver through {@code --kubeconfig}, or {@code --server URL --token TOKEN} (k3s's agent
 * join: a {@code K10…} token pins the cluster CA; a bare token needs {@code
 * --certificate-authority}). Exits 1 if it cannot start; runs until SIGTERM.
 */
@Command(
    name = "kubelet",
    mixinStandardHelpOptions = true,
    versionProvider = Kube4jVersion.class,
    description = "Run a node agent (kubelet and container runtime) that joins a cluster.")
final class KubeletSubcommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig with the apiserver's address and credentials.")
  Path kubeconfig;

  @Option(names = "--server", paramLabel = "URL", description = "The apiserver to join, e.g. https://10.0.0.1:6443 (with --token).")
  URI server;

  @Option(names = "--token", paramLabel = "TOKEN", description = "The node token (kube4j server writes it to DATA_DIR/server/node-token).")
  String token;

  @Option(names = "--certificate-authority", paramLabel = "FILE", description = "The cluster CA (PEM), for a token that does not pin it.")
  Path certificateAuthority;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "The agent's state (default: /var/lib/kube4j/agent as root, else ~/.kube4j/agent).")
  Path dataDir;

  @Option(names = "--hostname-override", paramLabel = "NAME", description = "The Node's name (default: this host's name).")
  String hostnameOverride;

  @Option(names = "--node-ip", paramLabel = "IP", description = "The node's InternalIP (default: the host's first non-loopback IPv4).")
  String nodeIp;

  @Option(names = "--node-labels", paramLabel = "K=V[,K=V]", split = ",", description = "Labels added to the Node at registration.")
  List<String> nodeLabels = new ArrayList<>();

  @Option(names = "--register-with-taints", paramLabel = "K=V:EFFECT[,...]", split = ",", description = "Taints the Node registers with.")
  List<String> taints = new ArrayList<>();

  @Option(names = "--pod-cidr", paramLabel = "CIDR", description = "The node's pod range (default: the Node's spec.podCIDR, from the controller manager).")
  String podCidr;

  @Option(names = "--address", defaultValue = "0.0.0.0", description = "The kubelet server's address (default: ${DEFAULT-VALUE}).")
  String address = "0.0.0.0";

  @Option(names = "--port", defaultValue = "10250", description = "The kubelet server's HTTPS port (default: ${DEFAULT-VALUE}).")
  int port = 10250;

  @Option(names = "--pod-manifest-path", paramLabel = "DIR", description = "A directory of static pod manifests.")
  Path podManifestPath;

  @Option(names = "--cluster-dns", paramLabel = "IP[,IP]", split = ",", description = "DNS servers for ClusterFirst pods (default: the host's resolv.conf).")
  List<String> clusterDns = new ArrayList<>();

  @Option(names = "--cluster-domain", defaultValue = "cluster.local", description = "The cluster's DNS domain (default: ${DEFAULT-VALUE}).")
  String clusterDomain = "cluster.local";

  @Option(names = "--max-pods", defaultValue = "110", description = "The most pods this node runs (default: ${DEFAULT-VALUE}).")
  int maxPods = 110;

  @Option(names = "--container-runtime", defaultValue = KubeletSettings.RUNC,
      description = "runc (real containers) or simulated (a hollow node: pods reported Running, nothing run) (default: ${DEFAULT-VALUE}).")
  String containerRuntime = KubeletSettings.RUNC;

  @Option(names = "--runc-root", paramLabel = "DIR", defaultValue = "/run/kube4j/runc", description = "runc's state directory (default: ${DEFAULT-VALUE}).")
  Path runcRoot = Path.of("/run/kube4j/runc");

  @Option(names = "--cgroup-root", defaultValue = "/kube4j", description = "The cgroup pods go under (default: ${DEFAULT-VALUE}).")
  String cgroupRoot = "/kube4j";

  @Option(names = "--cni-bin-dir", paramLabel = "DIR", defaultValue = "/usr/lib/cni", description = "The CNI plugins (default: ${DEFAULT-VALUE}).")
  Path cniBinDir = Path.of("/usr/lib/cni");

  @Option(names = "--cni-bridge", defaultValue = "kube4j0", description = "The pod network's bridge (default: ${DEFAULT-VALUE}).")
  String cniBridge = "kube4j0";

  @Option(names = "--insecure-registry", paramLabel = "HOST:PORT", split = ",", description = "Registries pulled over plain HTTP (loopback ones always are).")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = "--tls-cert-file", paramLabel = "FILE", description = "The kubelet server's certificate (default: self-signed, under the data dir).")
  Path tlsCertFile;

  @Option(names = "--tls-private-key-file", paramLabel = "FILE", description = "Its key.")
  Path tlsKeyFile;

  @Option(names = "--client-ca-file", paramLabel = "FILE", description = "The CA whose client certificates may call the kubelet (default: the cluster CA).")
  Path clientCaFile;

  @Option(names = "--node-status-update-frequency", defaultValue = "10s", converter = GoDuration.class,
      description = "How often node status is computed (default: ${DEFAULT-VALUE}).")
  Duration nodeStatusUpdateFrequency = Duration.ofSeconds(10);

  @Option(names = "--sync-frequency", defaultValue = "1m", converter = GoDuration.class,
      description = "How often every pod is re-synced (default: ${DEFAULT-VALUE}).")
  Duration syncFrequency = Duration.ofMinutes(1);

  @Option(names = "--image-gc-high-threshold", defaultValue = "85", description = "Image GC starts above this disk use, percent (default: ${DEFAULT-VALUE}).")
  int imageGcHigh = 85;

  @Option(names = "--image-gc-low-threshold", defaultValue = "80", description = "Image GC frees down to this disk use, percent (default: ${DEFAULT-VALUE}).")
  int imageGcLow = 80;

  @Option(names = "--eviction-hard", paramLabel = "SIGNAL<VALUE[,...]", split = ",",
      description = "Hard eviction thresholds, e.g. memory.available<100Mi (default: upstream's).")
  List<String> evictionHard;

  @Option(names = "--kube-reserved", paramLabel = "R=Q[,R=Q]", split = ",", description = "Resources kept for Kubernetes' daemons, e.g. cpu=100m,memory=256Mi.")
  List<String> kubeReserved = new ArrayList<>();

  @Option(names = "--system-reserved", paramLabel = "R=Q[,R=Q]", split = ",", description = "Resources kept for the system.")
  List<String> systemReserved = new ArrayList<>();

  /** The settings these flags give, state under {@code defaultDataDir} unless --data-dir says otherwise. */
  KubeletSettings settings(Path defaultDataDir) {
    Path dir = dataDir != null ? dataDir : defaultDataDir;
    KubeletSettings d = KubeletSettings.defaults(nodeName(), dir);
    if (!KubeletSettings.RUNC.equals(containerRuntime) && !KubeletSettings.SIMULATED.equals(containerRuntime)) {
      throw new ParameterException(spec.commandLine(), "--container-runtime must be runc or simulated, not " + containerRuntime);
    }
    if (imageGcLow >= imageGcHigh || imageGcHigh > 100 || imageGcLow < 0) {
      throw new ParameterException(spec.commandLine(), "--image-gc-low-threshold (" + imageGcLow
          + ") must be below --image-gc-high-threshold (" + imageGcHigh + "), both in 0..100");
    }
    if ((tlsCertFile == null) != (tlsKeyFile == null)) {
      throw new ParameterException(spec.commandLine(), "--tls-cert-file and --tls-private-key-file go together");
    }
    Map<String, String> eviction = evictionHard == null ? d.evictionHard() : pairs("--eviction-hard", evictionHard, "<");
    return new KubeletSettings(d.nodeName(), nodeIp, pairs("--node-labels", nodeLabels, "="), taints, podCidr, address, port,
        dir, d.podLogsDir(), podManifestPath, clusterDns, clusterDomain, maxPods, containerRuntime, runcRoot, cgroupRoot,
        cniBinDir, cniBridge, d.imagesImportDir(), insecureRegistries, tlsCertFile, tlsKeyFile, clientCaFile,
        nodeStatusUpdateFrequency, syncFrequency, imageGcHigh, imageGcLow, eviction,
        pairs("--kube-reserved", kubeReserved, "="), pairs("--system-reserved", systemReserved, "="));
  }

  private String nodeName() {
    if (hostnameOverride != null && !hostnameOverride.isBlank()) {
      return hostnameOverride.strip().toLowerCase(Locale.ROOT);
    }
    try {
      return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (java.net.UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "this host has no name; give --hostname-override");
    }
  }

  private Map<String, String> pairs(String flag, List<String> items, String separator) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : items) {
      int at = item.indexOf(separator);
      if (at <= 0) {
        throw new ParameterException(spec.commandLine(), flag + ": \"" + item + "\" is not NAME" + separator + "VALUE");
      }
      out.put(item.substring(0, at).strip(), item.substring(at + separator.length()).strip());
    }
    return out;
  }

  /**
   * How the kubelet reaches the apiserver: {@code --kubeconfig}, or {@code --server} with {@code
   * --token} (a K10 token pins the CA the server presents; a bare one needs {@code
   * --certificate-authority}).
   */
  Supplier<Config> clientConfig() {
    if (kubeconfig != null) {
      if (server != null || token != null) {
        throw new ParameterException(spec.commandLine(), "give either --kubeconfig or --server with --token, not both");
      }
      if (!Files.isReadable(kubeconfig)) {
        throw new ParameterException(spec.commandLine(), "kubeconfig " + kubeconfig + " is not a readable file");
      }
      Path file = kubeconfig;
      return () -> {
        try {
          return Config.fromKubeconfig(Files.readString(file));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
    }
    if (server == null || token == null) {
      throw new ParameterException(spec.commandLine(), "give --kubeconfig, or --server with --token");
    }
    NodeToken parsed;
    try {
      parsed = NodeToken.parse(token);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--token: " + e.getMessage());
    }
    if (parsed.caHash() == null && certificateAuthority == null) {
      throw new ParameterException(spec.commandLine(), "a token without a CA hash (K10...) needs --certificate-authority");
    }
    URI url = server;
    Path caFile = certificateAuthority;
    return () -> {
      try {
        String caPem;
        if (caFile != null) {
          caPem = Files.readString(caFile);
        } else {
          X509Certificate ca = ServerCa.fetch(url, Duration.ofSeconds(10));
          if (!parsed.pins(ca)) {
            throw new IllegalStateException("the CA " + url + " presents is not the one the token names (hash "
                + NodeToken.hash(ca) + "): refusing to join");
          }
          caPem = Pem.certificate(ca);
        }
        Config config = new ConfigBuilder().withMasterUrl(url.toString()).withOauthToken(parsed.secret())
            .withCaCertData(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8))).build();
        return config;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @Override
  public Integer call() throws Exception {
    KubeletSettings settings = settings(AgentDefaults.dataDir(ServerDefaults.forCurrentUser().dataDir()));
    KubeletComponent kubelet = new KubeletComponent(clientConfig(), settings);
    ReadinessChain chain = new ReadinessChain(List.of(kubelet));
    ShutdownHooks.closeOnExit("kube4j kubelet", chain);
    chain.start();
    String stoppedOnItsOwn = chain.awaitTermination();
    return stoppedOnItsOwn == null ? 0 : 1;
  }
}
