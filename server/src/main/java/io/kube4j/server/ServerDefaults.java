package io.kube4j.server;

import com.sun.security.auth.module.UnixSystem;
import io.kube4j.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every default of {@code kube4j server}, one place per component (as k3s keeps its defaults). Each
 * component's settings derive from {@link #dataDir()} so that one flag moves all state.
 *
 * @param dataDir the root of all state: {@code /var/lib/kube4j} as root, else {@code ~/.kube4j}
 * @param storeClientUrl where the embedded store serves the etcd v3 API
 * @param storePeerUrl where the embedded store listens for Raft peers (none yet: one member)
 */
public record ServerDefaults(Path dataDir, URI storeClientUrl, URI storePeerUrl) {

  public static final Path ROOT_DATA_DIR = Path.of("/var/lib/kube4j");
  public static final String USER_DATA_DIR = ".kube4j";
  public static final URI STORE_CLIENT_URL = URI.create("http://127.0.0.1:2379");
  public static final URI STORE_PEER_URL = URI.create("http://127.0.0.1:2380");
  /** The embedded store's member name. */
  public static final String STORE_MEMBER_NAME = "default";

  /** The defaults for whoever runs this process. */
  public static ServerDefaults forCurrentUser() {
    return of(dataDirFor(runningAsRoot(), Path.of(System.getProperty("user.home"))));
  }

  /** The defaults with state under {@code dataDir}. */
  public static ServerDefaults of(Path dataDir) {
    return new ServerDefaults(dataDir, STORE_CLIENT_URL, STORE_PEER_URL);
  }

  /** Like k3s: system-wide state for root, per-user state in the home directory otherwise. */
  public static Path dataDirFor(boolean root, Path home) {
    return root ? ROOT_DATA_DIR : home.resolve(USER_DATA_DIR);
  }

  /** Where the store keeps its Raft log and snapshots. */
  public Path storeDataDir() {
    return dataDir.resolve("store");
  }

  /** The embedded one-member store: etcd's defaults, loopback URLs, data under {@link #storeDataDir()}. */
  public StoreConfig storeConfig() {
    return StoreConfig.defaults(storeDataDir())
        .withName(STORE_MEMBER_NAME)
        .withClientUrls(List.of(storeClientUrl), List.of(storeClientUrl))
        .withPeers(List.of(storePeerUrl), List.of(storePeerUrl), Map.of(STORE_MEMBER_NAME, storePeerUrl), "new");
  }

  public ServerDefaults withDataDir(Path dataDir) {
    return new ServerDefaults(dataDir, storeClientUrl, storePeerUrl);
  }

  public ServerDefaults withStoreUrls(URI clientUrl, URI peerUrl) {
    return new ServerDefaults(dataDir, clientUrl, peerUrl);
  }

  static boolean runningAsRoot() {
    try {
      return new UnixSystem().getUid() == 0;
    } catch (LinkageError | RuntimeException notUnix) {
      return false;
    }
  }
}
