package io.kube4j.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kube4j.scheduler.config.PluginContext;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.metrics.HealthEndpoints;
import io.kube4j.scheduler.metrics.SchedulerMetrics;
import io.kube4j.scheduler.run.Scheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler as a component: a fabric8 client from a kubeconfig (read at start, so it may name
 * the admin kubeconfig the apiserver before it in the chain writes), then either the scheduler
 * directly or, with leader election on, a candidacy for the Lease {@code kube-system/kube-scheduler}
 * under the identity {@code hostname_uuid}, as kube-scheduler does. Only the leader schedules.
 *
 * <p>{@link #start()} returns once the candidacy runs (or the scheduler, without election): a
 * standby is a ready component. Losing the lease, or failing to start scheduling once elected,
 * stops the component on its own, so the process exits non-zero as upstream's does. {@link
 * #close()} gives the lease up (so a standby takes over without waiting out the lease), stops
 * the scheduler and closes the client. start/close come from the chain's thread; the election
 * callbacks from fabric8's; shared state is guarded by {@code this}.
 *
 * <p>Several profiles run in one {@link Scheduler}, as upstream's: one queue, one cache, each pod
 * scheduled by the profile it names, all under the one lease. With a
 * serving address, {@code /metrics}, {@code /healthz}, {@code /livez} and {@code /readyz} are served
 * from {@link #start()} to {@link #close()}, for leader and standby alike.
 */
public final class SchedulerComponent implements ServerComponent {

  public static final String LEASE_NAMESPACE = "kube-system";
  public static final String LEASE_NAME = "kube-scheduler";

  private static final Logger log = LoggerFactory.getLogger(SchedulerComponent.class);

  private final Supplier<Path> kubeconfig;
  private final LeaderElectionSettings election;
  private final List<Function<PluginContext, Profile>> profiles;
  private final SchedulerMetrics metrics;
  private final InetSocketAddress serving;
  private final String identity = hostName() + "_" + UUID.randomUUID();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ExecutorService electionExecutor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("kube4j-scheduler-election-", 0).factory());
  private KubernetesClient client;
  private CompletableFuture<?> candidacy;
  private List<Scheduler> schedulers;
  private HealthEndpoints endpoints;
  private volatile boolean started;
  private volatile boolean servingOptional;
  private boolean closed;

  public SchedulerComponent(Supplier<Path> kubeconfig, LeaderElectionSettings election, Profile profile) {
    this(kubeconfig, election, List.of(context -> profile), new SchedulerMetrics(), null);
  }

  /**
   * @param profiles one scheduler per profile, in order (at least one), each built from the
   *                 scheduler's informer-backed plugin inputs once it leads
   * @param serving  where to serve metrics and health, or null for nowhere
   */
  public SchedulerComponent(Supplier<Path> kubeconfig, LeaderElectionSettings election,
      List<Function<PluginContext, Profile>> profiles, SchedulerMetrics metrics, InetSocketAddress serving) {
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("no scheduler profiles");
    }
    this.kubeconfig = kubeconfig;
    this.election = election;
    this.profiles = List.copyOf(profiles);
    this.metrics = metrics;
    this.serving = serving;
  }

  /**
   * Makes a serving port that cannot be bound a warning instead of a failed start (inside {@code
   * kube4j server}, where the scheduler's endpoints are a side show). Call before {@link #start()}.
   */
  public SchedulerComponent servingOptional() {
    servingOptional = true;
    return this;
  }

  /** The leader-election settings this component runs with. */
  public LeaderElectionSettings election() {
    return election;
  }

  /** The metrics every scheduler of this component reports to. */
  public SchedulerMetrics metrics() {
    return metrics;
  }

  /** The port metrics and health are served on, or -1 when not serving. */
  public synchronized int servingPort() {
    return endpoints == null ? -1 : endpoints.port();
  }

  @Override
  public String name() {
    return "scheduler";
  }

  /** Who this instance is in the Lease's {@code holderIdentity}. */
  public String identity() {
    return identity;
  }

  /** Whether this instance runs a scheduler now (it leads, or runs without election). */
  public synchronized boolean scheduling() {
    return schedulers != null;
  }

  @Override
  public void start() throws Exception {
    if (serving != null) {
      try {
        HealthEndpoints opened = HealthEndpoints.start(serving, metrics, () -> started);
        synchronized (this) {
          endpoints = opened;
        }
      } catch (java.io.IOException e) {
        if (!servingOptional) {
          throw new java.io.IOException("scheduler cannot serve on " + serving + ": " + e.getMessage(), e);
        }
        log.warn("scheduler metrics and health not served: cannot bind {}: {}", serving, e.getMessage());
      }
    }
    Path file = kubeconfig.get();
    KubernetesClient created = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(file))).build();
    synchronized (this) {
      if (closed) {
        created.close();
        throw new IllegalStateException("closed before the scheduler started");
      }
      client = created;
    }
    if (!election.enabled()) {
      log.info("scheduler {} running without leader election", identity);
      startScheduling();
      started = true;
      return;
    }
    var config = new LeaderElectionConfigBuilder()
        .withName(LEASE_NAME)
        .withLock(new LeaseLock(LEASE_NAMESPACE, LEASE_NAME, identity))
        .withLeaseDuration(election.leaseDuration())
        .withRenewDeadline(election.renewDeadline())
        .withRetryPeriod(election.retryPeriod())
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(this::onStartedLeading, this::onStoppedLeading, this::onNewLeader))
        .build();
    CompletableFuture<?> running = new LeaderElectorBuilder(created, electionExecutor).withConfig(config).build().start();
    synchronized (this) {
      candidacy = running;
    }
    running.whenComplete((ignored, failure) -> {
      if (failure != null && !isClosed()) {
        log.error("scheduler leader election failed", failure);
        stopOnItsOwn();
      }
    });
    started = true;
    log.info("scheduler {} is a candidate for the lease {}/{}", identity, LEASE_NAMESPACE, LEASE_NAME);
  }

  private void onStartedLeading() {
    log.info("scheduler {} acquired the lease {}/{}; scheduling", identity, LEASE_NAMESPACE, LEASE_NAME);
    // Not on the elector's thread: the informers' first list may take a while, renewals must not wait.
    Thread.ofVirtual().name("kube4j-scheduler-start").start(() -> {
      try {
        startScheduling();
      } catch (Exception e) {
        if (!isClosed()) {
          log.error("scheduler could not start", e);
          stopOnItsOwn();
        }
      }
    });
  }

  private void onStoppedLeading() {
    if (!isClosed()) {
      // Another instance may now schedule: carrying on would bind pods twice.
      log.error("scheduler {} lost the lease {}/{}; stopping", identity, LEASE_NAMESPACE, LEASE_NAME);
      stopOnItsOwn();
    }
  }

  private void onNewLeader(String leader) {
    if (!leader.equals(identity)) {
      log.info("scheduler lease {}/{} is held by {}", LEASE_NAMESPACE, LEASE_NAME, leader);
    }
  }

  private void startScheduling() throws InterruptedException {
    KubernetesClient current;
    synchronized (this) {
      if (closed || schedulers != null) {
        return;
      }
      current = client;
    }
    List<Scheduler> running = new ArrayList<>();
    try {
      running.add(Scheduler.start(current, profiles, metrics));
    } catch (InterruptedException | RuntimeException e) {
      closeAll(running);
      throw e;
    }
    boolean keep;
    synchronized (this) {
      keep = !closed;
      if (keep) {
        schedulers = List.copyOf(running);
      }
    }
    if (!keep) {
      closeAll(running);
    }
  }

  private static void closeAll(List<Scheduler> running) {
    for (Scheduler s : running) {
      try {
        s.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** A fatal stop: the chain's watcher sees the latch and stops the process; close() still runs. */
  private void stopOnItsOwn() {
    stopScheduler();
    stopped.countDown();
  }

  private void stopScheduler() {
    List<Scheduler> running;
    synchronized (this) {
      running = schedulers;
      schedulers = null;
    }
    if (running != null) {
      closeAll(running);
    }
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    CompletableFuture<?> running;
    KubernetesClient current;
    HealthEndpoints serving;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = candidacy;
      current = client;
      serving = endpoints;
    }
    if (serving != null) {
      serving.close();
    }
    stopScheduler();
    if (running != null) {
      running.cancel(true); // releases the lease (releaseOnCancel)
    }
    electionExecutor.shutdown();
    if (current != null) {
      current.close();
    }
    stopped.countDown();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
