package io.kube4j.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code kube4j} launcher: one subcommand per role ({@code store}, {@code apiserver}, {@code scheduler}, {@code server}) plus {@code
 * version}. Exit codes follow picocli: 0 success, 1 a failure while running, 2 bad usage.
 */
@Command(
    name = "kube4j",
    mixinStandardHelpOptions = true,
    versionProvider = Kube4jVersion.class,
    description = "A Kubernetes-compatible cluster written in Java.",
    subcommands = {ServerSubcommand.class, StoreSubcommand.class, ApiServerSubcommand.class, SchedulerSubcommand.class, ControllerManagerSubcommand.class, KubeletSubcommand.class, HollowNodesSubcommand.class, ImagesSubcommand.class, VersionSubcommand.class})
public final class Kube4j implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(Kube4j.class);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  public static void main(String[] args) {
    routeJulToSlf4j();
    System.exit(commandLine().execute(args));
  }

  /** The configured command tree; tests parse with it exactly as {@link #main} does. */
  public static CommandLine commandLine() {
    return new CommandLine(new Kube4j())
        .setExecutionExceptionHandler(
            (failure, cmd, parsed) -> {
              // One line for operators; the stack trace for whoever has to fix it.
              log.error("kube4j {} failed: {}", cmd.getCommandName(), failure.toString(), failure);
              return 1;
            });
  }

  /** gRPC (and so Ratis' gRPC transport) logs through java.util.logging; send it to Logback. */
  static void routeJulToSlf4j() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
