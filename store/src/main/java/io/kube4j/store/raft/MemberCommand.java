package io.kube4j.store.raft;

import java.util.List;

/**
 * A change of the replicated member table, which keeps what etcd shows of a member beyond Raft's own
 * configuration: its name, all its peer URLs and its client URLs. Applied in log order on every
 * member, so every member lists the same members.
 */
public sealed interface MemberCommand extends RaftCommand {

  /** etcd's MemberAdd: a member that may start later and join; it has no name until it publishes one. */
  record Add(long id, List<String> peerUrls, boolean learner) implements MemberCommand {
    public Add {
      peerUrls = List.copyOf(peerUrls);
    }
  }

  /** A running member announces itself, as etcd members publish their attributes at start. */
  record Publish(long id, String name, List<String> peerUrls, List<String> clientUrls) implements MemberCommand {
    public Publish {
      peerUrls = List.copyOf(peerUrls);
      clientUrls = List.copyOf(clientUrls);
    }
  }

  /** etcd's MemberRemove, recorded once Raft's configuration no longer has the member. */
  record Remove(long id) implements MemberCommand {}
}
