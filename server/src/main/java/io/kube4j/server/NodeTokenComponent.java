package io.kube4j.server;

import io.kube4j.apiserver.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The server's node token, the way other hosts join it ({@code kube4j kubelet --server URL --token
 * TOKEN}, as k3s's agents): before the apiserver starts, {@link #prepare} keeps (or makes) the
 * token's secret and writes the apiserver's static-token file that authenticates it as {@code
 * kube4j-node} (group {@code system:nodes}); once the apiserver's CA exists, this component writes
 * the whole {@code K10<ca-sha256>::node:<secret>} token to {@code DATA_DIR/server/node-token}.
 * Not thread-safe (the chain calls it from one thread).
 */
final class NodeTokenComponent implements ServerComponent {

  private final Path dataDir;
  private final String secret;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private NodeTokenComponent(Path dataDir, String secret) {
    this.dataDir = dataDir;
    this.secret = secret;
  }

  /** Keeps or makes the secret and writes {@link #tokenAuthFile(Path)} for the apiserver. */
  static NodeTokenComponent prepare(Path dataDir) throws IOException {
    String secret = NodeToken.loadOrCreateSecret(tokenFile(dataDir));
    PrivateFile.write(tokenAuthFile(dataDir), new NodeToken(null, secret).tokenAuthLine() + "\n");
    return new NodeTokenComponent(dataDir, secret);
  }

  static Path tokenFile(Path dataDir) {
    return dataDir.resolve("server").resolve("node-token");
  }

  static Path tokenAuthFile(Path dataDir) {
    return dataDir.resolve("server").resolve("token-auth.csv");
  }

  @Override
  public String name() {
    return "node-token";
  }

  @Override
  public void start() throws IOException {
    String caPem = Files.readString(dataDir.resolve("tls").resolve("ca.crt"));
    NodeToken.of(Pem.parseCertificates(caPem).getFirst(), secret).write(tokenFile(dataDir));
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    stopped.countDown();
  }
}
