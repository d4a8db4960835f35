package io.kube4j.server;

import java.nio.file.Path;

/** Where a node agent keeps its state: {@code agent/} under the kube4j data dir, for the server's node and a joined one alike. */
final class AgentDefaults {

  static final String AGENT_DIR = "agent";

  private AgentDefaults() {}

  /** The node's data dir under kube4j's data dir {@code kube4jDataDir}. */
  static Path dataDir(Path kube4jDataDir) {
    return kube4jDataDir.resolve(AGENT_DIR);
  }
}
