package io.kube4j.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control-plane component that works only while it holds a Lease in {@code kube-system}, as
 * kube-scheduler and kube-controller-manager do: a fabric8 client from a kubeconfig (read at start,
 * so it may name the admin kubeconfig the apiserver before it in the chain writes), then either the
 * work directly or, with leader election on, a candidacy for the Lease under the identity
 * {@code hostname_uuid}. Only the leader works.
 *
 * <p>{@link #start()} returns once the candidacy runs (or the work, without election): a standby is
 * a ready component. Losing the lease, or failing to start the work once elected, stops the
 * component on its own, so the process exits non-zero as upstream's do (carrying on could make two
 * instances act at once). Inside {@code kube4j server} ({@link #standAgainAfterLoss()}) the
 * component instead stops its work and stands for the lease again, after a pause: the in-process
 * equivalent of upstream's restart by its supervisor, which keeps one late renewal on a loaded
 * machine from taking the apiserver down with it. {@link #close()} gives the lease up (so a
 * standby takes over without waiting it out), stops the work and closes the client. start/close
 * come from the chain's thread, the election callbacks from fabric8's; shared state is guarded by
 * {@code this}.
 */
abstract class ElectedComponent implements ServerComponent {

  static final String LEASE_NAMESPACE = "kube-system";

  private static final Logger log = LoggerFactory.getLogger(ElectedComponent.class);

  private final String leaseName;
  private final Supplier<Path> kubeconfig;
  private final LeaderElectionSettings election;
  private final String identity = hostName() + "_" + UUID.randomUUID();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ExecutorService electionExecutor;
  private KubernetesClient client;
  private CompletableFuture<?> candidacy;
  private AutoCloseable work;
  private volatile boolean started;
  private volatile boolean standAgain;
  private boolean closed;
  /** Which candidacy is current, so that one loss (reported by a callback and the future alike) restarts it once. */
  private int generation;
  private boolean restartPending;

  /** How long a component that lost its lease (or failed to start its work) waits before standing again. */
  static final java.time.Duration STAND_AGAIN_AFTER = java.time.Duration.ofSeconds(5);

  ElectedComponent(String leaseName, Supplier<Path> kubeconfig, LeaderElectionSettings election) {
    this.leaseName = leaseName;
    this.kubeconfig = kubeconfig;
    this.election = election;
    this.electionExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("kube4j-" + leaseName + "-election-", 0).factory());
  }

  /** Starts the component's work on {@code client} once it leads (or at start, without election); closing the result stops it. */
  protected abstract AutoCloseable startWork(KubernetesClient client) throws Exception;

  /**
   * Makes losing the lease, or failing to start the work, stop the work and stand for the lease
   * again instead of stopping the component (inside {@code kube4j server}). Call before {@link #start()}.
   */
  public ElectedComponent standAgainAfterLoss() {
    standAgain = true;
    return this;
  }

  /** The client settings of this component, from its kubeconfig; the default keeps fabric8's. */
  protected Config configure(Config config) {
    return config;
  }

  /** The leader-election settings this component runs with. */
  public LeaderElectionSettings election() {
    return election;
  }

  /** Who this instance is in the Lease's {@code holderIdentity}. */
  public String identity() {
    return identity;
  }

  /** Whether this instance works now (it leads, or runs without election). */
  public synchronized boolean working() {
    return work != null;
  }

  /** Whether {@link #start()} has completed: a standby counts as started. */
  protected boolean started() {
    return started;
  }

  /** The running work, or null. */
  protected synchronized AutoCloseable work() {
    return work;
  }

  @Override
  public void start() throws Exception {
    KubernetesClient created = new KubernetesClientBuilder().withConfig(configure(Config.fromKubeconfig(Files.readString(kubeconfig.get()))))
        .build();
    synchronized (this) {
      if (closed) {
        created.close();
        throw new IllegalStateException("closed before the " + name() + " started");
      }
      client = created;
    }
    if (!election.enabled()) {
      log.info("{} {} running without leader election", name(), identity);
      beginWork();
      started = true;
      return;
    }
    campaign();
    started = true;
    log.info("{} {} is a candidate for the lease {}/{}", name(), identity, LEASE_NAMESPACE, leaseName);
  }

  /** Stands for the lease: a new elector, whose failure stops the component or, standing again, restarts the candidacy. */
  private void campaign() {
    KubernetesClient current;
    int mine;
    synchronized (this) {
      if (closed) {
        return;
      }
      current = client;
      mine = ++generation;
      restartPending = false;
    }
    var config = new LeaderElectionConfigBuilder()
        .withName(leaseName)
        .withLock(new LeaseLock(LEASE_NAMESPACE, leaseName, identity))
        .withLeaseDuration(election.leaseDuration())
        .withRenewDeadline(election.renewDeadline())
        .withRetryPeriod(election.retryPeriod())
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(this::onStartedLeading, () -> onStoppedLeading(mine), this::onNewLeader))
        .build();
    CompletableFuture<?> running = new LeaderElectorBuilder(current, electionExecutor).withConfig(config).build().start();
    synchronized (this) {
      candidacy = running;
    }
    running.whenComplete((ignored, failure) -> {
      if (failure == null || isClosed()) {
        return;
      }
      if (standAgain) {
        log.error("{} leader election ended: {}; standing again in {} s", name(), failure.toString(), STAND_AGAIN_AFTER.toSeconds());
        standAgainLater(mine);
      } else {
        log.error("{} leader election failed", name(), failure);
        stopOnItsOwn();
      }
    });
  }

  /** Stops the work (if any), then, once per candidacy {@code gen}, stands for the lease again after a pause. */
  private void standAgainLater(int gen) {
    stopWork();
    synchronized (this) {
      if (gen != generation || restartPending || closed) {
        return;
      }
      restartPending = true;
    }
    Thread.ofVirtual().name("kube4j-" + leaseName + "-stand-again").start(() -> {
      try {
        Thread.sleep(STAND_AGAIN_AFTER);
      } catch (InterruptedException e) {
        return;
      }
      campaign();
    });
  }

  private void onStartedLeading() {
    log.info("{} {} acquired the lease {}/{}", name(), identity, LEASE_NAMESPACE, leaseName);
    // Not on the elector's thread: the informers' first list may take a while, renewals must not wait.
    Thread.ofVirtual().name("kube4j-" + leaseName + "-start").start(() -> {
      try {
        beginWork();
      } catch (Exception e) {
        if (isClosed()) {
          return;
        }
        if (standAgain) {
          // Give the lease up, so that the next candidacy (or another instance) starts afresh.
          log.error("{} could not start; giving the lease up and standing again in {} s", name(), STAND_AGAIN_AFTER.toSeconds(), e);
          CompletableFuture<?> current;
          synchronized (this) {
            current = candidacy;
          }
          if (current != null) {
            current.cancel(true);
          }
        } else {
          log.error("{} could not start", name(), e);
          stopOnItsOwn();
        }
      }
    });
  }

  private void onStoppedLeading(int gen) {
    if (isClosed()) {
      return;
    }
    if (standAgain) {
      // Stop acting at once: another instance may lead now.
      log.error("{} {} lost the lease {}/{}; stopping its work and standing again in {} s", name(), identity, LEASE_NAMESPACE,
          leaseName, STAND_AGAIN_AFTER.toSeconds());
      standAgainLater(gen);
    } else {
      log.error("{} {} lost the lease {}/{}; stopping", name(), identity, LEASE_NAMESPACE, leaseName);
      stopOnItsOwn();
    }
  }

  private void onNewLeader(String leader) {
    if (!leader.equals(identity)) {
      log.info("{} lease {}/{} is held by {}", name(), LEASE_NAMESPACE, leaseName, leader);
    }
  }

  private void beginWork() throws Exception {
    KubernetesClient current;
    synchronized (this) {
      if (closed || work != null) {
        return;
      }
      current = client;
    }
    AutoCloseable running = startWork(current);
    boolean keep;
    synchronized (this) {
      keep = !closed;
      if (keep) {
        work = running;
      }
    }
    if (!keep) {
      closeQuietly(running);
    }
  }

  private void closeQuietly(AutoCloseable running) {
    try {
      running.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("stopping the {}", name(), e);
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** A fatal stop: the chain's watcher sees the latch and stops the process; close() still runs. */
  private void stopOnItsOwn() {
    stopWork();
    stopped.countDown();
  }

  private void stopWork() {
    AutoCloseable running;
    synchronized (this) {
      running = work;
      work = null;
    }
    if (running != null) {
      closeQuietly(running);
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
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = candidacy;
      current = client;
    }
    stopWork();
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
