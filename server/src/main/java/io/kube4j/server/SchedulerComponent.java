package io.kube4j.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.scheduler.config.PluginContext;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.metrics.HealthEndpoints;
import io.kube4j.scheduler.metrics.SchedulerMetrics;
import io.kube4j.scheduler.run.Scheduler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler as a component: an {@link ElectedComponent} on the Lease {@code
 * kube-system/kube-scheduler} whose work, once it leads, is one {@link Scheduler} running every
 * profile, as upstream's (one queue, one cache, each pod scheduled by the profile it names).
 *
 * <p>With a serving address, {@code /metrics}, {@code /healthz}, {@code /livez} and {@code /readyz}
 * are served from {@link #start()} to {@link #close()}, for leader and standby alike. Thread-safety
 * as {@link ElectedComponent}.
 */
public final class SchedulerComponent extends ElectedComponent {

  public static final String LEASE_NAMESPACE = ElectedComponent.LEASE_NAMESPACE;
  public static final String LEASE_NAME = "kube-scheduler";

  private static final Logger log = LoggerFactory.getLogger(SchedulerComponent.class);

  private final List<Function<PluginContext, Profile>> profiles;
  private final SchedulerMetrics metrics;
  private final InetSocketAddress serving;
  private HealthEndpoints endpoints;
  private volatile boolean servingOptional;

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
    super(LEASE_NAME, kubeconfig, election);
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("no scheduler profiles");
    }
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

  /** Whether this instance runs a scheduler now (it leads, or runs without election). */
  public boolean scheduling() {
    return working();
  }

  @Override
  public void start() throws Exception {
    if (serving != null) {
      try {
        HealthEndpoints opened = HealthEndpoints.start(serving, metrics, this::started);
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
    super.start();
  }

  /**
   * fabric8 sends at most 5 requests at once per host by default, which queued a burst of binds (up
   * to 32 in flight, see the scheduler's bind executor) and the scheduler's events behind each other:
   * 100 pods created at once on a loaded node took seconds to bind. Upstream's kube-scheduler allows
   * a burst of 100 requests (kubeAPIQPS 50, kubeAPIBurst 100).
   */
  @Override
  protected io.fabric8.kubernetes.client.Config configure(io.fabric8.kubernetes.client.Config config) {
    config.setMaxConcurrentRequests(100);
    config.setMaxConcurrentRequestsPerHost(100);
    return config;
  }

  @Override
  protected AutoCloseable startWork(KubernetesClient client) throws Exception {
    return Scheduler.start(client, profiles, metrics);
  }

  @Override
  public void close() {
    HealthEndpoints opened;
    synchronized (this) {
      opened = endpoints;
      endpoints = null;
    }
    if (opened != null) {
      opened.close();
    }
    super.close();
  }
}
