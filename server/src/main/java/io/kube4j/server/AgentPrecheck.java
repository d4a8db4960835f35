package io.kube4j.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether {@code kube4j server} can run a node agent for its own host, and in plain words why not:
 * real containers need root, runc, conmon and the CNI plugins. Stateless.
 */
final class AgentPrecheck {

  private AgentPrecheck() {}

  /** Null when the agent can run here, else the reason it cannot. */
  static String whyNot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "containers need root (this process runs as " + System.getProperty("user.name") + ")";
    }
    for (String tool : List.of("runc", "conmon")) {
      if (!onPath(tool)) {
        return tool + " is not installed (Debian: apt-get install runc conmon containernetworking-plugins)";
      }
    }
    if (!Files.isExecutable(Path.of("/usr/lib/cni/bridge"))) {
      return "the CNI plugins are not in /usr/lib/cni (Debian: apt-get install containernetworking-plugins)";
    }
    return null;
  }

  private static boolean onPath(String name) {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }
}
