package io.kube4j.server;

import io.kube4j.apiserver.ApiServerConfig;
import io.kube4j.scheduler.config.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kube4j server}: the all-in-one process, like {@code k3s server}. Today it runs the embedded
 * one-member store, the apiserver over it, the controller manager and the scheduler (both
 * leader-elected, as upstream, through the admin kubeconfig the apiserver writes); later components
 * join its {@link ReadinessChain}.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = Kube4jVersion.class,
    description = "Run the whole cluster in one process (this build: the embedded store, the apiserver, the controller manager, "
        + "the scheduler and, where this host can run containers, a node agent).")
final class ServerSubcommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ServerSubcommand.class);

  static final String NOT_YET_BUILT =
      "This build runs the store, the apiserver, the controller manager, the scheduler and a node agent: the proxy "
          + "is not part of it yet.";

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Root of all state (default: /var/lib/kube4j as root, else ~/.kube4j).")
  Path dataDir;

  @Option(names = "--store-client-url", paramLabel = "URL", description = "Where the embedded store serves the etcd v3 API (default: http://127.0.0.1:2379).")
  URI storeClientUrl;

  @Option(names = "--store-peer-url", paramLabel = "URL", description = "Where the embedded store listens for Raft peers (default: http://127.0.0.1:2380).")
  URI storePeerUrl;

  @Option(names = "--secure-port", defaultValue = "6443", description = "Kubernetes API HTTPS port (default: ${DEFAULT-VALUE}).")
  int securePort = 6443;

  @Option(names = "--bind-address", defaultValue = "0.0.0.0", description = "Kubernetes API address (default: ${DEFAULT-VALUE}).")
  String bindAddress = "0.0.0.0";

  @Option(names = "--kube-scheduler-arg", paramLabel = "FLAG=VALUE",
      description = "A flag for the embedded scheduler, as k3s: e.g. leader-elect=false, config=/etc/sched.yaml, "
          + "secure-port=0 (repeatable; the flags of 'kube4j scheduler').")
  List<String> kubeSchedulerArgs = new ArrayList<>();

  @Option(names = "--kube-controller-manager-arg", paramLabel = "FLAG=VALUE",
      description = "A flag for the embedded controller manager, as k3s: e.g. controllers=*,-nodelifecycle, "
          + "node-monitor-grace-period=1m (repeatable; the flags of 'kube4j controller-manager').")
  List<String> kubeControllerManagerArgs = new ArrayList<>();

  @Option(names = "--cluster-cidr", paramLabel = "CIDR", defaultValue = "10.42.0.0/16",
      description = "The pods' IPv4 range, cut into a /24 per node by the controller manager, as k3s (default: ${DEFAULT-VALUE}).")
  String clusterCidr = "10.42.0.0/16";

  @Option(names = "--kubelet-arg", paramLabel = "FLAG=VALUE",
      description = "A flag for the embedded node agent, as k3s: e.g. max-pods=50, cluster-dns=10.96.0.10 "
          + "(repeatable; the flags of 'kube4j kubelet').")
  List<String> kubeletArgs = new ArrayList<>();

  @Option(names = "--disable-agent", description = "Do not run a node agent (kubelet and container runtime) for this host.")
  boolean disableAgent;

  @Option(names = "--disable-controller-manager", description = "Do not run the embedded controller manager (as k3s), e.g. to run 'kube4j controller-manager' elsewhere.")
  boolean disableControllerManager;

  /** The defaults with this command line's overrides applied. */
  ServerDefaults settings() {
    ServerDefaults defaults = ServerDefaults.forCurrentUser();
    if (dataDir != null) {
      defaults = defaults.withDataDir(dataDir);
    }
    return defaults.withStoreUrls(
        storeClientUrl != null ? storeClientUrl : defaults.storeClientUrl(),
        storePeerUrl != null ? storePeerUrl : defaults.storePeerUrl());
  }

  @Override
  public Integer call() throws Exception {
    ServerDefaults settings = settings();
    log.info("kube4j server {} starting; state in {}", Kube4jVersion.version(), settings.dataDir().toAbsolutePath());
    log.info(NOT_YET_BUILT);
    Components parts;
    String noAgent = disableAgent ? "disabled (--disable-agent)" : AgentPrecheck.whyNot();
    if (noAgent != null) {
      log.info("kube4j server: no node agent on this host: {}", noAgent);
    }
    try {
      parts = Components.of(settings, securePort, bindAddress, kubeSchedulerArgs,
          disableControllerManager ? null : withNodeCidrs(kubeControllerManagerArgs), noAgent == null ? kubeletArgs : null);
    } catch (ConfigException e) {
      System.err.println("Error: --kube-scheduler-arg config: " + e.getMessage());
      return 1;
    }
    ReadinessChain chain = new ReadinessChain(parts.all());
    ShutdownHooks.closeOnExit("kube4j server", chain);
    chain.start();
    StoreComponent store = parts.store();
    ApiServerComponent api = parts.api();
    String endpoints = String.join(",", store.clientUrls().stream().map(URI::toString).toList());
    log.info("kube4j server ready: Kubernetes API on {}, etcd v3 API on {}, controller manager {}, scheduler {}, node agent {}. "
            + "Try: kubectl --kubeconfig {} get namespaces",
        api.server().url(), endpoints, parts.controllerManager() == null ? "disabled" : parts.controllerManager().identity(),
        parts.scheduler().identity(), parts.kubelet() == null ? "none (" + noAgent + ")" : parts.kubelet().nodeName(),
        settings.dataDir().resolve("kubeconfig.yaml"));
    log.info("Other hosts join with: kube4j kubelet --server https://<this host>:{} --token $(cat {})", securePort,
        NodeTokenComponent.tokenFile(settings.dataDir()));
    String stoppedOnItsOwn = chain.awaitTermination();
    return stoppedOnItsOwn == null ? 0 : 1;
  }

  /**
   * The controller manager's flags with pod CIDR allocation from {@code --cluster-cidr} turned on,
   * as k3s does, unless the flags already say otherwise.
   */
  List<String> withNodeCidrs(List<String> controllerManagerArgs) {
    List<String> args = new ArrayList<>();
    boolean saysAllocate = controllerManagerArgs.stream().anyMatch(a -> a.replaceFirst("^-+", "").startsWith("allocate-node-cidrs"));
    boolean saysCidr = controllerManagerArgs.stream().anyMatch(a -> a.replaceFirst("^-+", "").startsWith("cluster-cidr"));
    if (!saysAllocate) {
      args.add("allocate-node-cidrs=true");
    }
    if (!saysCidr) {
      args.add("cluster-cidr=" + clusterCidr);
    }
    args.addAll(controllerManagerArgs);
    return args;
  }

  /**
   * The server's components in start order: the store, the apiserver over it, then the controller
   * manager (null when disabled) and the scheduler through the admin kubeconfig the apiserver
   * writes under the data dir.
   */
  record Components(StoreComponent store, ApiServerComponent api, NodeTokenComponent nodeToken,
      ControllerManagerComponent controllerManager, SchedulerComponent scheduler, KubeletComponent kubelet) {

    /** As the 5-argument form, with the scheduler's metrics and health not served. */
    static Components of(ServerDefaults settings, int securePort, String bindAddress) throws java.io.IOException {
      return of(settings, securePort, bindAddress, List.of("secure-port=0"), List.of());
    }

    /**
     * @param schedulerArgs {@code kube4j scheduler} flags without their leading dashes ({@code
     *     leader-elect=false}); the scheduler's kubeconfig defaults to the admin one under the data dir
     * @param controllerManagerArgs {@code kube4j controller-manager} flags, the same way; null: no controller manager
     * @throws ConfigException when a scheduler config file does not load
     * @throws CommandLine.ParameterException on a bad scheduler or controller-manager flag
     */
    static Components of(ServerDefaults settings, int securePort, String bindAddress, List<String> schedulerArgs,
        List<String> controllerManagerArgs) throws java.io.IOException {
      return of(settings, securePort, bindAddress, schedulerArgs, controllerManagerArgs, null);
    }

    /**
     * As the 5-argument form, with a node agent for this host when {@code kubeletArgs} is not null
     * ({@code kube4j kubelet} flags without their dashes; its state under DATA_DIR/agent, its client
     * the admin kubeconfig).
     */
    static Components of(ServerDefaults settings, int securePort, String bindAddress, List<String> schedulerArgs,
        List<String> controllerManagerArgs, List<String> kubeletArgs) throws java.io.IOException {
      Files.createDirectories(settings.storeDataDir());
      StoreComponent store = new StoreComponent(settings.storeConfig());
      NodeTokenComponent nodeToken = NodeTokenComponent.prepare(settings.dataDir());
      ApiServerConfig config = ApiServerConfig.defaults(settings.dataDir()).withPort(securePort).withBindAddress(bindAddress)
          .withTokenAuthFile(NodeTokenComponent.tokenAuthFile(settings.dataDir()));
      ApiServerComponent api = new ApiServerComponent(store::kv, config);
      SchedulerComponent scheduler = schedulerFlags(schedulerArgs)
          .component(() -> settings.dataDir().resolve("kubeconfig.yaml")).servingOptional();
      // In one process with the apiserver, a lost lease restarts the candidacy, not the process.
      scheduler.standAgainAfterLoss();
      ControllerManagerComponent controllerManager = controllerManagerArgs == null ? null
          : flags(new ControllerManagerSubcommand(), controllerManagerArgs).component(() -> settings.dataDir().resolve("kubeconfig.yaml"));
      if (controllerManager != null) {
        controllerManager.standAgainAfterLoss();
      }
      KubeletComponent kubelet = null;
      if (kubeletArgs != null) {
        Path kubeconfig = settings.dataDir().resolve("kubeconfig.yaml");
        kubelet = new KubeletComponent(() -> {
          try {
            return io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }, flags(new KubeletSubcommand(), kubeletArgs).settings(AgentDefaults.dataDir(settings.dataDir())));
      }
      return new Components(store, api, nodeToken, controllerManager, scheduler, kubelet);
    }

    /** {@code kube4j scheduler}'s flags from k3s-style {@code name=value} arguments. */
    static SchedulerSubcommand schedulerFlags(List<String> args) {
      return flags(new SchedulerSubcommand(), args);
    }

    /** {@code command} with k3s-style {@code name=value} arguments parsed into it. */
    static <C> C flags(C command, List<String> args) {
      CommandLine line = new CommandLine(command);
      line.parseArgs(args.stream().map(a -> a.startsWith("-") ? a : "--" + a).toArray(String[]::new));
      return command;
    }

    List<ServerComponent> all() {
      List<ServerComponent> all = new ArrayList<>(List.of(store, api, nodeToken));
      if (controllerManager != null) {
        all.add(controllerManager);
      }
      all.add(scheduler);
      if (kubelet != null) {
        all.add(kubelet);
      }
      return all;
    }
  }
}
