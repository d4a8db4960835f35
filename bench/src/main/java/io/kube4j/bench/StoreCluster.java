package io.kube4j.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster of one or more members of one {@link StoreTarget}, on loopback random ports, in a fresh
 * temporary directory. {@link #start} returns only once every member answers a linearizable read
 * (which needs an elected leader), so that no measurement includes start-up.
 *
 * <p>Not thread-safe. {@link #close()} stops every member and deletes the directory; when start-up
 * fails the directory is kept so that the members' logs can be read.
 */
final class StoreCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreCluster.class);
  private static final ByteSequence PROBE_KEY = ByteSequence.from("/bench/probe", StandardCharsets.UTF_8);

  private final StoreTarget target;
  private final Path dir;
  private final List<MemberProcess> members;

  private StoreCluster(StoreTarget target, Path dir, List<MemberProcess> members) {
    this.target = target;
    this.dir = dir;
    this.members = members;
  }

  /**
   * Starts {@code size} members of {@code target} under {@code workRoot} and waits until all serve.
   *
   * @throws ClusterStartException when the program is missing, a member exits, or the members are
   *     not all serving within {@code startTimeout}; every started process is stopped first
   */
  static StoreCluster start(StoreTarget target, int size, Path workRoot, Duration startTimeout)
      throws ClusterStartException {
    target.checkInstalled();
    Path dir;
    try {
      Files.createDirectories(workRoot);
      dir = Files.createTempDirectory(workRoot, target.name() + "-" + size + "m-");
      ProcessReaper.deleteOnAbort(dir);
    } catch (IOException e) {
      throw new ClusterStartException("cannot create a directory under " + workRoot, e);
    }
    List<Integer> ports = FreePorts.pick(2 * size);
    List<MemberSpec> specs = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      specs.add(new MemberSpec("m" + i, dir.resolve("m" + i + ".data"), ports.get(2 * i), ports.get(2 * i + 1)));
    }
    String initialCluster = specs.stream().map(MemberSpec::initialClusterEntry).collect(Collectors.joining(","));
    String token = "bench-" + UUID.randomUUID();
    List<MemberProcess> started = new ArrayList<>();
    StoreCluster cluster = new StoreCluster(target, dir, started);
    try {
      for (MemberSpec spec : specs) {
        List<String> command = target.command(spec, initialCluster, token);
        LOG.debug("starting {}", String.join(" ", command));
        started.add(MemberProcess.start(spec, command, target.environment(), dir.resolve(spec.name() + ".log")));
      }
      cluster.awaitServing(startTimeout);
      return cluster;
    } catch (ClusterStartException | RuntimeException e) {
      cluster.stopMembers();
      ProcessReaper.keep(dir);
      throw e instanceof ClusterStartException cse ? cse
          : new ClusterStartException(target.name() + ": start-up failed: " + e, e);
    }
  }

  StoreTarget target() {
    return target;
  }

  List<MemberProcess> members() {
    return List.copyOf(members);
  }

  List<URI> clientUrls() {
    return members.stream().map(member -> member.spec().clientUrl()).toList();
  }

  /** Apparent size of each member's data directory, in bytes. */
  long dataDirBytes(MemberProcess member) {
    try (Stream<Path> files = Files.walk(member.spec().dataDir())) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    stopMembers();
    Directories.deleteRecursively(dir);
    ProcessReaper.keep(dir);
  }

  private void stopMembers() {
    members.forEach(MemberProcess::close);
  }

  private void awaitServing(Duration timeout) throws ClusterStartException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<MemberProcess> waiting = new ArrayList<>(members);
    List<Client> probes = new ArrayList<>();
    try {
      for (MemberProcess member : members) {
        probes.add(Client.builder().endpoints(member.spec().clientUrl()).build());
      }
      String lastError = "no answer yet";
      while (!waiting.isEmpty()) {
        for (MemberProcess member : waiting) {
          if (!member.isAlive()) {
            throw failure(member, member.describeDeath());
          }
        }
        for (var it = waiting.iterator(); it.hasNext(); ) {
          MemberProcess member = it.next();
          Client probe = probes.get(members.indexOf(member));
          try {
            probe.getKVClient().get(PROBE_KEY).get(1, TimeUnit.SECONDS);
            it.remove();
          } catch (Exception e) {
            lastError = e.getCause() != null ? e.getCause().toString() : e.toString();
          }
        }
        if (!waiting.isEmpty() && System.nanoTime() > deadline) {
          MemberProcess member = waiting.getFirst();
          throw failure(member, member.describeDeath() + " after " + timeout.toSeconds()
              + "s (last probe error: " + lastError + ")");
        }
        if (!waiting.isEmpty()) {
          Thread.sleep(200);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterStartException("interrupted while waiting for " + target.name(), e);
    } finally {
      probes.forEach(Client::close);
    }
  }

  private ClusterStartException failure(MemberProcess member, String why) {
    return new ClusterStartException(target.name() + " (" + members.size() + " member(s)) did not start: "
        + why + "\n  command: " + String.join(" ", target.commandPrefix()) + " ..."
        + "\n  logs kept in " + dir
        + "\n  last lines of " + member.log().getFileName() + ":\n" + member.logTail(25).indent(4));
  }
}
