package io.kube4j.server;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kube4j.kubelet.Kubelet;
import io.kube4j.kubelet.KubeletSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kube4j hollow-nodes}: N kubelets over the simulated runtime in this one process, as
 * kubemark's hollow-node, to load a control plane with nodes that register, renew Leases, report
 * status and report their pods Running without running anything. They share one fabric8 client
 * (its concurrency raised to match), have no kubelet server, and get explicit pod CIDRs (node i:
 * {@code 10.(128 + i/256).(i%256).0/24}) so that no CIDR allocator is needed. They start in parallel,
 * {@code --parallelism} at a time; one line is logged when all are registered. Exits 1 when a node
 * cannot start or register; otherwise runs until SIGTERM, then stops every node (not their Nodes).
 */
@Command(
    name = "hollow-nodes",
    mixinStandardHelpOptions = true,
    versionProvider = Kube4jVersion.class,
    description = "Run simulated nodes (kubelets that run nothing, as kubemark's hollow-node) against a cluster.")
final class HollowNodesSubcommand implements java.util.concurrent.Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(HollowNodesSubcommand.class);
  /** Node i's pod range lives in 10.128.0.0/9: 32,768 /24s. */
  static final int MAX_COUNT = 128 * 256;

  @Spec CommandSpec spec;

  @Option(names = "--kubeconfig", paramLabel = "FILE", required = true, description = "Kubeconfig with the apiserver's address and credentials.")
  Path kubeconfig;

  @Option(names = "--count", paramLabel = "N", required = true, description = "How many hollow nodes.")
  int count;

  @Option(names = "--name-prefix", paramLabel = "P", defaultValue = "hollow-node",
      description = "Node i is named P-i (default: ${DEFAULT-VALUE}).")
  String namePrefix = "hollow-node";

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The nodes' state, one subdirectory each (default: a new directory under the temp dir).")
  Path dataDir;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "16", description = "Nodes starting at once (default: ${DEFAULT-VALUE}).")
  int parallelism = 16;

  @Option(names = "--register-timeout", defaultValue = "10m", converter = GoDuration.class,
      description = "How long all nodes may take to register (default: ${DEFAULT-VALUE}).")
  Duration registerTimeout = Duration.ofMinutes(10);

  @Option(names = "--capacity", paramLabel = "RESOURCE=QUANTITY", split = ",",
      description = "What every node reports as its capacity instead of this host's, e.g. cpu=4,memory=32Gi,pods=110 "
          + "(as kubemark's hollow node reports a fake machine; default: the host's CPUs and memory, 110 pods).")
  Map<String, String> capacity = new LinkedHashMap<>();

  /** Node i's pod CIDR. */
  static String podCidr(int i) {
    return "10." + (128 + i / 256) + "." + (i % 256) + ".0/24";
  }

  /** Node i's name. */
  String nodeName(int i) {
    return namePrefix + "-" + i;
  }

  /**
   * Node i's settings: the simulated runtime, its own data dir and pod CIDR, the --capacity
   * overrides, and its name as its {@code kubernetes.io/hostname} label (as kubemark's hollow node,
   * whose hostname is its name: the host's name on every node would make them one topology domain).
   */
  KubeletSettings settings(Path root, int i) {
    KubeletSettings d = KubeletSettings.defaults(nodeName(i), root.resolve(nodeName(i)));
    return new KubeletSettings(d.nodeName(), d.nodeIp(), Map.of("kubernetes.io/hostname", nodeName(i)), d.taints(), podCidr(i), d.address(), d.port(),
        d.dataDir(), d.podLogsDir(), null, d.clusterDns(), d.clusterDomain(), d.maxPods(), KubeletSettings.SIMULATED,
        d.runcRoot(), d.cgroupRoot(), d.cniBinDir(), d.cniBridge(), null, d.insecureRegistries(), null, null, null,
        d.nodeStatusUpdateFrequency(), d.syncFrequency(), d.imageGcHighThresholdPercent(), d.imageGcLowThresholdPercent(),
        d.evictionHard(), d.kubeReserved(), d.systemReserved(), capacity);
  }

  private void validate() {
    if (count < 1 || count > MAX_COUNT) {
      throw new ParameterException(spec.commandLine(), "--count must be in 1.." + MAX_COUNT + ", not " + count);
    }
    if (parallelism < 1) {
      throw new ParameterException(spec.commandLine(), "--parallelism must be at least 1");
    }
    if (!Files.isReadable(kubeconfig)) {
      throw new ParameterException(spec.commandLine(), "kubeconfig " + kubeconfig + " is not a readable file");
    }
    for (var e : capacity.entrySet()) {
      if (!e.getKey().matches("[a-z0-9]([-a-z0-9./]*[a-z0-9])?") || !validQuantity(e.getValue())) {
        throw new ParameterException(spec.commandLine(), "--capacity takes RESOURCE=QUANTITY pairs, not " + e.getKey() + "=" + e.getValue());
      }
    }
    if (!namePrefix.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw new ParameterException(spec.commandLine(), "--name-prefix must be a DNS subdomain prefix, not " + namePrefix);
    }
  }

  private static boolean validQuantity(String text) {
    try {
      return new Quantity(text).getNumericalAmount().signum() >= 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public Integer call() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM: let the main thread stop the nodes (their watches, Lease renewals) before the JVM halts.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "hollow-nodes-shutdown"));
    try {
      return runUntil(stop, null);
    } finally {
      stopped.countDown();
    }
  }

  /**
   * Starts the nodes, counts {@code registered} down once all are registered (when not null), and
   * runs them until {@code stop} opens, then stops them all.
   *
   * @return 0
   * @throws Exception when a node cannot start or register in time (those started are stopped)
   */
  int runUntil(CountDownLatch stop, CountDownLatch registered) throws Exception {
    validate();
    Path root = dataDir != null ? dataDir : Files.createTempDirectory("kube4j-hollow-nodes-");
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    // Every node holds a pod watch and writes Leases and status through this one client: fabric8's
    // default of 5 requests per host would queue them all behind each other.
    int concurrency = Math.max(64, 2 * count);
    config.setMaxConcurrentRequests(concurrency);
    config.setMaxConcurrentRequestsPerHost(concurrency);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
         HollowNodes nodes = new HollowNodes()) {
      long t0 = System.nanoTime();
      nodes.startAll(client, root);
      log.info("kube4j hollow-nodes: all {} nodes registered in {} s ({} .. {}), state in {}", count,
          String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9), nodeName(0), nodeName(count - 1), root);
      if (registered != null) {
        registered.countDown();
      }
      stop.await();
      log.info("kube4j hollow-nodes: stopping {} nodes", nodes.size());
      return 0;
    }
  }

  /** The running kubelets; closing stops them all, in parallel. */
  private final class HollowNodes implements AutoCloseable {
    private final List<Kubelet> started = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    synchronized int size() {
      return started.size();
    }

    private synchronized void add(Kubelet kubelet) {
      if (closed.get()) {
        kubelet.close();
        return;
      }
      started.add(kubelet);
    }

    void startAll(KubernetesClient client, Path root) throws Exception {
      Semaphore slots = new Semaphore(parallelism);
      long deadline = System.nanoTime() + registerTimeout.toNanos();
      List<Future<?>> futures = new ArrayList<>();
      try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < count; i++) {
          int index = i;
          futures.add(starters.submit(() -> {
            slots.acquire();
            try {
              if (closed.get()) {
                return null;
              }
              Kubelet kubelet = Kubelet.start(client, settings(root, index), null);
              add(kubelet);
              long left = deadline - System.nanoTime();
              if (!kubelet.awaitRegistered(Duration.ofNanos(Math.max(1, left)))) {
                throw new IllegalStateException("node " + nodeName(index) + " did not register within " + registerTimeout);
              }
              return null;
            } finally {
              slots.release();
            }
          }));
        }
        for (Future<?> f : futures) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            closed.set(true);
            throw e.getCause() instanceof Exception cause ? cause : e;
          }
        }
      }
    }

    @Override
    public void close() {
      List<Kubelet> toClose;
      synchronized (this) {
        if (!closed.compareAndSet(false, true) && started.isEmpty()) {
          return;
        }
        toClose = new ArrayList<>(started);
        started.clear();
      }
      try (ExecutorService closers = Executors.newVirtualThreadPerTaskExecutor()) {
        toClose.forEach(k -> closers.submit(k::close));
      }
    }
  }
}
