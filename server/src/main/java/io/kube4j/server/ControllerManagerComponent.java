package io.kube4j.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.manager.ControllerManager;
import io.kube4j.controllers.manager.ControllerSelection;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The controller manager as a component: an {@link ElectedComponent} on the Lease {@code
 * kube-system/kube-controller-manager} whose work, once it leads, is a {@link ControllerManager}
 * running the controllers {@code --controllers} selects. Thread-safety as {@link ElectedComponent}.
 */
public final class ControllerManagerComponent extends ElectedComponent {

  public static final String LEASE_NAME = "kube-controller-manager";

  private final ControllerSelection selection;
  private final ControllerOptions options;

  public ControllerManagerComponent(Supplier<Path> kubeconfig, LeaderElectionSettings election,
      ControllerSelection selection, ControllerOptions options) {
    super(LEASE_NAME, kubeconfig, election);
    this.selection = selection;
    this.options = options;
  }

  @Override
  public String name() {
    return "controller-manager";
  }

  /** The names of the controllers running now (none on a standby). */
  public List<String> running() {
    return work() instanceof ControllerManager manager ? manager.running() : List.of();
  }

  /**
   * fabric8 sends at most 5 requests at once per host by default; the controllers' writes are paced
   * by --kube-api-qps instead, as upstream's, so the client may carry many at once.
   */
  @Override
  protected Config configure(Config config) {
    config.setMaxConcurrentRequests(256);
    config.setMaxConcurrentRequestsPerHost(256);
    return config;
  }

  @Override
  protected AutoCloseable startWork(KubernetesClient client) throws Exception {
    return ControllerManager.start(client, selection, options);
  }
}
