package io.kube4j.server;

import java.util.Optional;

/** Advice on the number of store members; pure functions. */
final class ClusterSizeAdvice {

  private ClusterSizeAdvice() {}

  /**
   * Why an even member count buys nothing: Raft needs a majority to commit, so {@code n} even
   * members tolerate as many failures as {@code n - 1} while every write waits for one more vote.
   *
   * @return the warning for an even {@code members}, empty for an odd one
   */
  static Optional<String> evenMemberWarning(int members) {
    if (members <= 0 || members % 2 != 0) {
      return Optional.empty();
    }
    int majority = members / 2 + 1;
    int tolerated = members - majority;
    String tolerates = tolerated == 0 ? "tolerate no failure" : "tolerate " + failures(tolerated);
    return Optional.of(
        "The initial cluster has " + members + " members, an even count; an odd count is better. "
            + "A majority (" + majority + " of " + members + ") is needed to make progress, so " + members
            + " members " + tolerates + ", the same as " + (members - 1) + ", while each write needs more votes"
            + (members == 2 ? "; losing either member stops the cluster." : ".")
            + " Use " + (members - 1) + " or " + (members + 1) + " members.");
  }

  private static String failures(int n) {
    return n == 1 ? "1 failure" : n + " failures";
  }
}
