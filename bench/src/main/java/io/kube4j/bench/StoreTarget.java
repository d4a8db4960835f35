package io.kube4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One system under test: how to launch one member of it. Both targets receive exactly the same
 * etcd-named flags, so the only difference between the two sides of a table is the program.
 *
 * @param name the column title ("etcd", "kube4j")
 * @param commandPrefix the program and its leading arguments, before the member flags
 * @param environment added to the inherited environment of each member process
 */
record StoreTarget(String name, List<String> commandPrefix, Map<String, String> environment) {
  static final String ETCD = "etcd";
  static final String KUBE4J = "kube4j";

  StoreTarget {
    commandPrefix = List.copyOf(commandPrefix);
    environment = Map.copyOf(environment);
  }

  /** Real etcd, the Debian binary, with its default fsync'ing WAL. */
  static StoreTarget etcd(Path etcdBinary) {
    return new StoreTarget(ETCD, List.of(etcdBinary.toString()), Map.of());
  }

  /**
   * {@code bin/kube4j store}, told not to build (the run script built everything beforehand, and a
   * build inside a timed run would be measured as start-up time).
   */
  static StoreTarget kube4j(Path launcher) {
    return new StoreTarget(KUBE4J, List.of(launcher.toString(), "store"), Map.of("KUBE4J_NO_BUILD", "1"));
  }

  /**
   * Checks that the program exists and is executable, so that a missing launcher is reported as
   * such rather than as a member that never became ready.
   *
   * @throws ClusterStartException naming the missing program
   */
  void checkInstalled() throws ClusterStartException {
    Path program = Path.of(commandPrefix.getFirst());
    if (!program.isAbsolute() && program.getParent() == null) {
      return; // resolved on PATH by ProcessBuilder
    }
    if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
      throw new ClusterStartException(name + ": " + program + " does not exist or is not executable");
    }
  }

  /** The full command line of one member of a cluster. */
  List<String> command(MemberSpec member, String initialCluster, String clusterToken) {
    List<String> command = new ArrayList<>(commandPrefix);
    command.add("--name=" + member.name());
    command.add("--data-dir=" + member.dataDir());
    command.add("--listen-client-urls=" + member.clientUrl());
    command.add("--advertise-client-urls=" + member.clientUrl());
    command.add("--listen-peer-urls=" + member.peerUrl());
    command.add("--initial-advertise-peer-urls=" + member.peerUrl());
    command.add("--initial-cluster=" + initialCluster);
    command.add("--initial-cluster-state=new");
    command.add("--initial-cluster-token=" + clusterToken);
    return command;
  }
}
