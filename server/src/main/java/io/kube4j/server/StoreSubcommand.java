package io.kube4j.server;

import io.kube4j.store.StoreConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kube4j store}: one store member serving the etcd v3 API, configured with etcd's flags.
 * Runs until SIGTERM/SIGINT, which close the member through a shutdown hook.
 */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    versionProvider = Kube4jVersion.class,
    description = "Run one store member (etcd's role): the etcd v3 API over a Raft-replicated MVCC store.")
final class StoreSubcommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(StoreSubcommand.class);
  /** How long MemberAdd may take; a healthy cluster answers in one round trip plus one commit. */
  static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Mixin StoreFlags flags;

  /** The flags as parsed, for tests that drive picocli's {@code parseArgs}. */
  StoreFlags flags() {
    return flags;
  }

  @Override
  public Integer call() throws Exception {
    StoreConfig config;
    try {
      config = flags.toConfig();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (flags.join() != null) {
      config = ClusterJoin.join(config, flags.join(), JOIN_TIMEOUT);
    }
    ClusterSizeAdvice.evenMemberWarning(config.initialCluster().size()).ifPresent(log::warn);

    log.info("Starting store member {} in {} ({} cluster of {}: {})", config.name(),
        config.dataDir().toAbsolutePath(), config.bootstrapsNewCluster() ? "new" : "existing",
        config.initialCluster().size(), config.initialCluster());
    StoreComponent store = new StoreComponent(config);
    ReadinessChain chain = new ReadinessChain(List.of(store));
    ShutdownHooks.closeOnExit("store member " + config.name(), chain);
    try {
      chain.start();
    } catch (Exception e) {
      if (flags.join() != null) {
        log.error("The cluster now lists this member; remove it with 'etcdctl member remove' before joining again");
      }
      throw e;
    }
    log.info("Store member {} serves the etcd v3 API on {} (advertised as {}); Raft peers on {}",
        config.name(), store.clientUrls(), config.advertiseClientUrls(), config.listenPeerUrls());
    String stoppedOnItsOwn = chain.awaitTermination();
    return stoppedOnItsOwn == null ? 0 : 1;
  }
}
