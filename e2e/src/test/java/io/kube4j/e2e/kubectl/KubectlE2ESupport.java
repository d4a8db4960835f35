package io.kube4j.e2e.kubectl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the kubectl suites: one {@code kube4j server} per test class (started in
 * {@code @BeforeAll}, stopped in {@code @AfterAll}), and a fresh namespace per test, so that tests
 * and kubectl versions never see each other's objects. Test classes run one at a time.
 */
abstract class KubectlE2ESupport {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path serverDir;

  static Kube4jApiServer server;

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** More {@code kube4j server} flags for a test class's server. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface ServerFlags {
    String[] value();
  }

  @BeforeAll
  static void startServer(TestInfo info) throws Exception {
    ServerFlags flags = info.getTestClass().orElseThrow().getAnnotation(ServerFlags.class);
    server = Kube4jApiServer.start(serverDir, flags == null ? List.of() : List.of(flags.value()));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** {@code binary} pointed at this class's server; skips the test when the binary is unavailable. */
  static Kubectl kubectl(KubectlBinary binary) {
    return server.kubectl(binary);
  }

  /**
   * Creates a namespace for one test with {@code kubectl create namespace} and returns its name,
   * e.g. {@code get-133-7}.
   */
  static String namespace(Kubectl kubectl, String purpose) {
    String name = purpose.toLowerCase(Locale.ROOT) + "-" + kubectl.binary().version().replace(".", "") + "-"
        + NAMESPACES.incrementAndGet();
    kubectl.run("create", "namespace", name).ok();
    return name;
  }
}
