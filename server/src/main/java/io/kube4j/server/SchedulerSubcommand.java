package io.kube4j.server;

import io.kube4j.scheduler.config.ConfigException;
import io.kube4j.scheduler.config.PluginContext;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.metrics.SchedulerMetrics;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
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
 * {@code kube4j scheduler}: the scheduler alone against any apiserver, with kube-scheduler's flag
 * names and defaults. With {@code --leader-elect} (the default) only the holder of the Lease
 * {@code kube-system/kube-scheduler} schedules; losing it ends the process with exit code 1.
 *
 * <p>{@code --config FILE} reads a {@code KubeSchedulerConfiguration}: its profiles (one scheduler
 * per profile), {@code clientConnection.kubeconfig} and {@code leaderElection}; as upstream, only
 * the leader-election flags given on the command line override the file (the file's kubeconfig
 * wins over {@code --kubeconfig}, which is used only when the file names none). A file that does not
 * load stops the command with its message and exit code 1. {@code /metrics}, {@code /healthz},
 * {@code /livez} and {@code /readyz} are served on {@code --bind-address:--secure-port} (upstream
 * 0.0.0.0:10259 over HTTPS; kube4j serves plain HTTP, on loopback by default; port 0 turns it off).
 */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    versionProvider = Kube4jVersion.class,
    description = "Run the scheduler alone against an apiserver.")
final class SchedulerSubcommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SchedulerSubcommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig with the apiserver's address and credentials (required unless --config names one).")
  Path kubeconfig;

  @Option(names = "--config", paramLabel = "FILE", description = "A KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) file.")
  Path config;

  @Option(names = "--secure-port", defaultValue = "10259",
      description = "Port for /metrics, /healthz, /livez and /readyz, plain HTTP; 0 serves nothing (default: ${DEFAULT-VALUE}).")
  int securePort = 10259;

  @Option(names = "--bind-address", defaultValue = "127.0.0.1",
      description = "Address for --secure-port (default: ${DEFAULT-VALUE}).")
  String bindAddress = "127.0.0.1";

  @Mixin LeaderElectionFlags leaderElection = new LeaderElectionFlags();

  /** The election settings these flags give, or a usage error when client-go would refuse them. */
  LeaderElectionSettings election() {
    return election(null);
  }

  /**
   * The election settings of {@code file} (null: none) with the flags given on the command line
   * over it, as upstream's ApplyLeaderElectionTo; a usage error when client-go would refuse them.
   */
  LeaderElectionSettings election(SchedulerConfigFile file) {
    LeaderElectionSettings settings = new LeaderElectionSettings(
        pick("--leader-elect", leaderElection.leaderElect, file == null ? null : file.leaderElect()),
        pick("--leader-elect-lease-duration", leaderElection.leaseDuration, file == null ? null : file.leaseDuration()),
        pick("--leader-elect-renew-deadline", leaderElection.renewDeadline, file == null ? null : file.renewDeadline()),
        pick("--leader-elect-retry-period", leaderElection.retryPeriod, file == null ? null : file.retryPeriod()));
    String problem = settings.problem();
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), problem);
    }
    return settings;
  }

  /** The flag's value when given on the command line, else the file's when set, else the flag's default. */
  private <T> T pick(String flag, T flagValue, T fileValue) {
    boolean given = spec != null && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption(flag);
    return given || fileValue == null ? flagValue : fileValue;
  }

  /**
   * The scheduler component these flags describe. {@code defaultKubeconfig} is used when neither
   * the config file nor {@code --kubeconfig} names one (null: one of them must).
   *
   * @throws ConfigException when the config file does not load
   * @throws ParameterException on inconsistent flags
   */
  SchedulerComponent component(Supplier<Path> defaultKubeconfig) {
    SchedulerConfigFile file = config == null ? null : SchedulerConfigFile.read(config);
    LeaderElectionSettings election = election(file);
    Path chosen = file != null && file.kubeconfig() != null ? file.kubeconfig() : kubeconfig;
    Supplier<Path> source;
    if (chosen != null) {
      if (!Files.isReadable(chosen)) {
        throw new ParameterException(spec.commandLine(), "kubeconfig " + chosen + " is not a readable file");
      }
      source = () -> chosen;
    } else if (defaultKubeconfig != null) {
      source = defaultKubeconfig;
    } else {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--kubeconfig=FILE' (or --config with clientConnection.kubeconfig)");
    }
    List<Function<PluginContext, Profile>> profiles =
        file == null ? List.of(Profile::defaults) : file.profileFactories();
    InetSocketAddress serving = securePort == 0 ? null : new InetSocketAddress(bindAddress, securePort);
    return new SchedulerComponent(source, election, profiles, new SchedulerMetrics(), serving);
  }

  @Override
  public Integer call() throws Exception {
    SchedulerComponent scheduler;
    try {
      scheduler = component(null);
    } catch (ConfigException e) {
      // As kube-scheduler: the loader's message on stderr, exit code 1 (not a usage error).
      spec.commandLine().getErr().println("Error: " + e.getMessage());
      return 1;
    }
    LeaderElectionSettings election = scheduler.election();
    ReadinessChain chain = new ReadinessChain(List.of(scheduler));
    ShutdownHooks.closeOnExit("kube4j scheduler", chain);
    chain.start();
    log.info("kube4j scheduler {} ready (leader election {})", scheduler.identity(), election.enabled() ? "on" : "off");
    String stoppedOnItsOwn = chain.awaitTermination();
    return stoppedOnItsOwn == null ? 0 : 1;
  }
}
