package io.kube4j.e2e.kubectl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * One real kubectl binary the suite runs: the Cloud SDK's pinned {@code kubectl.1.32} and
 * {@code kubectl.1.33} (beside the dispatcher {@code kubectl} on PATH), and Debian's 1.20 when
 * {@code bin/test} unpacked it ({@code -Dkube4j.kubectl.debian=PATH}). A binary that is not there
 * keeps its place in the matrix with {@link #unavailableReason()}, so its cases are skipped saying
 * why instead of vanishing. Immutable.
 *
 * @param version the minor version it claims, e.g. {@code 1.33}
 * @param path the executable, null when unavailable
 * @param unavailableReason why it cannot run here, null when it can
 */
public record KubectlBinary(String version, Path path, String unavailableReason) {

  static final String DEBIAN_PROPERTY = "kube4j.kubectl.debian";

  /** Every kubectl of the matrix, newest first; unavailable ones included (see {@link #assumeAvailable()}). */
  public static List<KubectlBinary> matrix() {
    List<KubectlBinary> all = new ArrayList<>();
    Path sdkDir = cloudSdkDir();
    for (String version : List.of("1.33", "1.32")) {
      Path candidate = sdkDir == null ? null : sdkDir.resolve("kubectl." + version);
      all.add(candidate != null && Files.isExecutable(candidate)
          ? new KubectlBinary(version, candidate, null)
          : new KubectlBinary(version, null, "kubectl." + version + " is not beside the kubectl on PATH ("
              + (sdkDir == null ? "no kubectl on PATH" : sdkDir) + ")"));
    }
    String debian = System.getProperty(DEBIAN_PROPERTY, "");
    if (debian.isEmpty()) {
      all.add(new KubectlBinary("1.20", null, "Debian's kubectl 1.20 was not provided: -D" + DEBIAN_PROPERTY
          + " is unset (bin/test sets it when `apt-get download kubernetes-client` works)"));
    } else if (!Files.isExecutable(Path.of(debian))) {
      all.add(new KubectlBinary("1.20", null, "-D" + DEBIAN_PROPERTY + "=" + debian + " is not an executable"));
    } else {
      all.add(new KubectlBinary("1.20", Path.of(debian), null));
    }
    return List.copyOf(all);
  }

  /** The newest pinned kubectl (1.33); skips the calling test when it is missing. */
  public static KubectlBinary newest() {
    KubectlBinary newest = matrix().getFirst();
    newest.assumeAvailable();
    return newest;
  }

  /** The matrix without Debian's 1.20, for what that old client cannot do (see the callers). */
  public static List<KubectlBinary> pinned() {
    return matrix().stream().filter(b -> !b.version().equals("1.20")).toList();
  }

  /** Skips the calling test, naming why, when this binary is not available. */
  public void assumeAvailable() {
    Assumptions.assumeTrue(unavailableReason == null, () -> "kubectl " + version + ": " + unavailableReason);
  }

  /** The Cloud SDK's bin directory: where the kubectl on PATH really lives (it is a symlink there). */
  private static Path cloudSdkDir() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path kubectl = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
      if (Files.isExecutable(kubectl)) {
        try {
          return kubectl.toRealPath().getParent();
        } catch (IOException e) {
          return null;
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "kubectl " + version;
  }
}
