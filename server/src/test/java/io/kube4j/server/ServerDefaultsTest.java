package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerDefaultsTest {

  @Test
  void rootKeepsStateSystemWideOthersInTheirHome() {
    assertThat(ServerDefaults.dataDirFor(true, Path.of("/root"))).isEqualTo(Path.of("/var/lib/kube4j"));
    assertThat(ServerDefaults.dataDirFor(false, Path.of("/home/ada"))).isEqualTo(Path.of("/home/ada/.kube4j"));
  }

  @Test
  void currentUserDefaultsFollowTheRealUid() {
    Path expected = ServerDefaults.runningAsRoot()
        ? Path.of("/var/lib/kube4j")
        : Path.of(System.getProperty("user.home"), ".kube4j");
    assertThat(ServerDefaults.forCurrentUser().dataDir()).isEqualTo(expected);
    assertThat(ServerDefaults.runningAsRoot()).isEqualTo("root".equals(System.getProperty("user.name")));
  }

  @Test
  void embeddedStoreIsOneLoopbackMemberUnderDataDirStore() {
    ServerDefaults defaults = ServerDefaults.of(Path.of("/srv/k"));
    StoreConfig store = defaults.storeConfig();

    assertThat(defaults.storeDataDir()).isEqualTo(Path.of("/srv/k/store"));
    assertThat(store.dataDir()).isEqualTo(Path.of("/srv/k/store"));
    assertThat(store.listenClientUrls()).containsExactly(URI.create("http://127.0.0.1:2379"));
    assertThat(store.advertiseClientUrls()).containsExactly(URI.create("http://127.0.0.1:2379"));
    assertThat(store.initialCluster())
        .containsExactly(Map.entry(ServerDefaults.STORE_MEMBER_NAME, URI.create("http://127.0.0.1:2380")));
    assertThat(store.bootstrapsNewCluster()).isTrue();
    // Everything else stays etcd's default.
    assertThat(store.maxTxnOps()).isEqualTo(StoreConfig.defaults(Path.of("x")).maxTxnOps());
  }

  @Test
  void serverFlagsOverrideTheDefaults() {
    ServerSubcommand command = new ServerSubcommand();
    new CommandLine(command).parseArgs(
        "--data-dir", "/data/k4j", "--store-client-url", "http://127.0.0.1:12379");
    ServerDefaults settings = command.settings();

    assertThat(settings.storeDataDir()).isEqualTo(Path.of("/data/k4j/store"));
    assertThat(settings.storeConfig().listenClientUrls()).containsExactly(URI.create("http://127.0.0.1:12379"));
    assertThat(settings.storePeerUrl()).isEqualTo(ServerDefaults.STORE_PEER_URL);
  }
}
