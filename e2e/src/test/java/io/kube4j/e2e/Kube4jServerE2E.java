package io.kube4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/kube4j server} as an operator runs it: serve, stop on SIGTERM, come back with the data. */
class Kube4jServerE2E {

  @Test
  void servesTheStoreStopsCleanlyOnSigtermAndKeepsDataAcrossRestarts(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
      throws Exception {
    int clientPort = FreePorts.next();
    int peerPort = FreePorts.next();
    int apiPort = FreePorts.next();

    try (StoreProcess server = StoreProcess.kube4jServer(dir, clientPort, peerPort, apiPort)) {
      Etcdctl etcdctl = new Etcdctl(server.clientUrl(), dir);
      assertThat(etcdctl.run("put", "/survives", "a restart").ok().out()).isEqualTo("OK\n");
      // The store answers first; the apiserver joins the readiness chain after it.
      String log = Poll.until(Duration.ofSeconds(60), "the ready line",
          () -> server.logTail().contains("kube4j server ready") ? server.logTail() : null);
      assertThat(log)
          .contains("Kubernetes API on https://127.0.0.1:" + apiPort)
          .contains("etcd v3 API on http://127.0.0.1:" + clientPort)
          .contains("kubeconfig.yaml");

      // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks, which stop the store before exiting.
      assertThat(server.terminate()).isEqualTo(143);
      assertThat(server.logTail()).contains("Stopped store");
    }
    assertThat(dir.resolve("state/store")).isDirectory();

    try (StoreProcess again = StoreProcess.kube4jServer(dir, clientPort, peerPort, apiPort)) {
      assertThat(new Etcdctl(again.clientUrl(), dir).run("get", "/survives").ok().lines())
          .containsExactly("/survives", "a restart");
    }
  }
}
