package io.kube4j.bench;

/**
 * A cluster could not be started: the program is missing, a member exited, or the members did not
 * serve requests within the start timeout. The message says which, and includes the tail of the
 * failing member's log, so that a target that cannot start is reported loudly, never skipped.
 */
final class ClusterStartException extends Exception {
  ClusterStartException(String message) {
    super(message);
  }

  ClusterStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
