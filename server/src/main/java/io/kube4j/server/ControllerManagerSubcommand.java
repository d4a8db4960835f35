package io.kube4j.server;

import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.manager.ControllerCatalog;
import io.kube4j.controllers.manager.ControllerSelection;
import io.kube4j.controllers.nodeipam.NodeIpamController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kube4j controller-manager}: the controllers alone against any apiserver, with
 * kube-controller-manager's flag names and defaults. With {@code --leader-elect} (the default) only
 * the holder of the Lease {@code kube-system/kube-controller-manager} runs controllers; losing it
 * ends the process with exit code 1. {@code --controllers} selects them as upstream's flag does.
 */
@Command(
    name = "controller-manager",
    mixinStandardHelpOptions = true,
    versionProvider = Kube4jVersion.class,
    description = "Run the controller manager alone against an apiserver.")
final class ControllerManagerSubcommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ControllerManagerSubcommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig with the apiserver's address and credentials (required alone).")
  Path kubeconfig;

  @Option(names = "--controllers", paramLabel = "NAMES", defaultValue = "*",
      description = "Controllers to run: '*' runs those on by default, 'name' turns one on, '-name' off (default: ${DEFAULT-VALUE}). Known: ${COMPLETION-CANDIDATES}",
      completionCandidates = KnownControllers.class)
  String controllers = "*";

  @Mixin LeaderElectionFlags leaderElection = new LeaderElectionFlags();

  @Option(names = "--min-resync-period", paramLabel = "DURATION", defaultValue = "12h", converter = GoDuration.class,
      description = "Informers resync between this and twice it (default: ${DEFAULT-VALUE}).")
  Duration minResyncPeriod = Duration.ofHours(12);

  @Option(names = "--node-monitor-period", paramLabel = "DURATION", defaultValue = "5s", converter = GoDuration.class,
      description = "How often node health is checked (default: ${DEFAULT-VALUE}).")
  Duration nodeMonitorPeriod = Duration.ofSeconds(5);

  @Option(names = "--node-monitor-grace-period", paramLabel = "DURATION", defaultValue = "40s", converter = GoDuration.class,
      description = "How long a node may stay silent before it is marked unhealthy (default: ${DEFAULT-VALUE}).")
  Duration nodeMonitorGracePeriod = Duration.ofSeconds(40);

  @Option(names = "--node-startup-grace-period", paramLabel = "DURATION", defaultValue = "1m", converter = GoDuration.class,
      description = "How long a starting node may stay silent before it is marked unhealthy (default: ${DEFAULT-VALUE}).")
  Duration nodeStartupGracePeriod = Duration.ofMinutes(1);

  @Option(names = "--terminated-pod-gc-threshold", defaultValue = "12500",
      description = "Terminated pods kept before the oldest are deleted; 0 or less keeps all (default: ${DEFAULT-VALUE}).")
  int terminatedPodGcThreshold = 12500;

  @Option(names = "--concurrent-syncs", defaultValue = "5",
      description = "Workers per controller queue (upstream's --concurrent-*-syncs, one value for all) (default: ${DEFAULT-VALUE}).")
  int concurrentSyncs = 5;

  @Option(names = "--kube-api-qps", defaultValue = "20",
      description = "Requests per second the controllers may send to the apiserver; 0 = no limit (default: ${DEFAULT-VALUE}).")
  double kubeApiQps = 20;

  @Option(names = "--kube-api-burst", defaultValue = "30",
      description = "Requests the controllers may send at once above --kube-api-qps (default: ${DEFAULT-VALUE}).")
  int kubeApiBurst = 30;

  @Option(names = "--allocate-node-cidrs", defaultValue = "false", arity = "0..1", fallbackValue = "true",
      description = "Give every node a pod CIDR cut from --cluster-cidr (default: ${DEFAULT-VALUE}; kube4j server turns it on).")
  boolean allocateNodeCidrs;

  @Option(names = "--cluster-cidr", paramLabel = "CIDR", defaultValue = "",
      description = "The IPv4 range pod CIDRs are cut from, e.g. 10.42.0.0/16 (required with --allocate-node-cidrs).")
  String clusterCidr = "";

  @Option(names = "--node-cidr-mask-size", defaultValue = "24",
      description = "Prefix length of each node's pod CIDR (default: ${DEFAULT-VALUE}).")
  int nodeCidrMaskSize = 24;

  /** The names --controllers knows, for help. */
  static final class KnownControllers implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return ControllerCatalog.all().stream().map(d -> d.name()).iterator();
    }
  }

  /** The options these flags give. */
  ControllerOptions options() {
    if (concurrentSyncs < 1) {
      throw new ParameterException(spec.commandLine(), "--concurrent-syncs must be at least 1");
    }
    if (kubeApiQps < 0 || kubeApiBurst < 0) {
      throw new ParameterException(spec.commandLine(), "--kube-api-qps and --kube-api-burst must not be negative");
    }
    if (allocateNodeCidrs) {
      if (clusterCidr.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--allocate-node-cidrs needs --cluster-cidr");
      }
      try {
        NodeIpamController.validate(new ControllerOptions.NodeCidrs(true, clusterCidr, nodeCidrMaskSize));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--cluster-cidr/--node-cidr-mask-size: " + e.getMessage());
      }
    }
    return ControllerOptions.defaults()
        .withNodeCidrs(new ControllerOptions.NodeCidrs(allocateNodeCidrs, clusterCidr, nodeCidrMaskSize))
        .withMinResyncPeriod(minResyncPeriod)
        .withConcurrentSyncs(concurrentSyncs)
        .withNodeMonitor(nodeMonitorPeriod, nodeMonitorGracePeriod, nodeStartupGracePeriod)
        .withTerminatedPodGcThreshold(terminatedPodGcThreshold)
        .withKubeApiRate(kubeApiQps, kubeApiBurst);
  }

  /**
   * The component these flags describe; {@code defaultKubeconfig} is used without {@code
   * --kubeconfig} (null: the flag is required).
   *
   * @throws ParameterException on a bad flag (unknown controller, inconsistent election timings)
   */
  ControllerManagerComponent component(Supplier<Path> defaultKubeconfig) {
    LeaderElectionSettings election = leaderElection.settings();
    String problem = election.problem();
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), problem);
    }
    ControllerSelection selection = ControllerSelection.parse(controllers);
    try {
      selection.select(ControllerCatalog.all());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--controllers: " + e.getMessage());
    }
    Supplier<Path> source;
    if (kubeconfig != null) {
      if (!Files.isReadable(kubeconfig)) {
        throw new ParameterException(spec.commandLine(), "kubeconfig " + kubeconfig + " is not a readable file");
      }
      Path chosen = kubeconfig;
      source = () -> chosen;
    } else if (defaultKubeconfig != null) {
      source = defaultKubeconfig;
    } else {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--kubeconfig=FILE'");
    }
    return new ControllerManagerComponent(source, election, selection, options());
  }

  @Override
  public Integer call() throws Exception {
    ControllerManagerComponent manager = component(null);
    ReadinessChain chain = new ReadinessChain(List.of(manager));
    ShutdownHooks.closeOnExit("kube4j controller-manager", chain);
    chain.start();
    log.info("kube4j controller-manager {} ready (leader election {})", manager.identity(),
        manager.election().enabled() ? "on" : "off");
    String stoppedOnItsOwn = chain.awaitTermination();
    return stoppedOnItsOwn == null ? 0 : 1;
  }
}
