package io.kube4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

    try (StoreProcess server = StoreProcess.kube4jServer(dir, clientPort, peerPort)) {
      Etcdctl etcdctl = new Etcdctl(server.clientUrl(), dir);
      assertThat(etcdctl.run("put", "/survives", "a restart").ok().out()).isEqualTo("OK\n");
      assertThat(server.logTail())
          .contains("are not part of it yet")
          .contains("kube4j server ready: etcd v3 API on ")
          .contains(":" + clientPort);

      // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks, which stop the store before exiting.
      assertThat(server.terminate()).isEqualTo(143);
      assertThat(server.logTail()).contains("Stopped store");
    }
    assertThat(dir.resolve("state/store")).isDirectory();

    try (StoreProcess again = StoreProcess.kube4jServer(dir, clientPort, peerPort)) {
      assertThat(new Etcdctl(again.clientUrl(), dir).run("get", "/survives").ok().lines())
          .containsExactly("/survives", "a restart");
    }
  }
}
