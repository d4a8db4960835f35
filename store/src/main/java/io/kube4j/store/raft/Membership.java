package io.kube4j.store.raft;

import io.kube4j.store.api.Member;
import io.kube4j.store.api.StoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's cluster membership on top of Ratis: Raft's configuration decides who votes (changed with
 * {@code setConfiguration}, i.e. joint consensus), the replicated {@link MemberTable} describes
 * members (name, URLs) and remembers added members that have not started yet.
 *
 * <p>One difference from etcd, on purpose: {@link #add} records the member but Raft counts it only
 * once it has started and caught up ({@link #join}); etcd counts an added member toward the quorum
 * at once, so a cluster with an added-but-dead member can lose its quorum.
 *
 * <p>Thread-safe; blocking.
 */
final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  private final RaftServer server;
  private final RaftGroupId groupId;
  private final MemberTable table;
  private final Proposer proposer;
  private final String clusterToken;
  private final Function<Collection<RaftPeer>, RaftClient> clients;
  private final Duration timeout;

  Membership(RaftServer server, RaftGroupId groupId, MemberTable table, Proposer proposer, String clusterToken,
      Function<Collection<RaftPeer>, RaftClient> clients, Duration timeout) {
    this.server = server;
    this.groupId = groupId;
    this.table = table;
    this.proposer = proposer;
    this.clusterToken = clusterToken;
    this.clients = clients;
    this.timeout = timeout;
  }

  /** Every member: Raft's voters and learners, then added members that have not joined yet. */
  List<Member> list() {
    RaftConfiguration conf = division().getRaftConf();
    Map<Long, Member> members = new LinkedHashMap<>();
    for (RaftPeerRole role : new RaftPeerRole[] {RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER}) {
      for (RaftPeer peer : conf.getAllPeers(role)) {
        long id = MemberIds.memberId(peer.getId());
        Member known = table.get(id);
        List<String> peerUrls = known != null && !known.peerUrls().isEmpty()
            ? known.peerUrls() : List.of("http://" + peer.getAddress());
        members.put(id, new Member(id, known == null ? "" : known.name(), peerUrls,
            known == null ? List.of() : known.clientUrls(), role == RaftPeerRole.LISTENER));
      }
    }
    for (Member m : table.all()) {
      members.putIfAbsent(m.id(), m);
    }
    List<Member> sorted = new ArrayList<>(members.values());
    sorted.sort(Comparator.comparingLong(Member::id));
    return sorted;
  }

  /**
   * etcd's MemberAdd: records a member that joins when started with these peer URLs.
   *
   * @throws StoreException.FailedPrecondition when a member already has one of the peer URLs
   */
  Member add(List<String> peerUrls, boolean learner) {
    if (peerUrls.isEmpty()) {
      throw new StoreException.InvalidArgument("etcdserver: member peer URLs are not provided");
    }
    List<String> urls;
    try {
      urls = peerUrls.stream().map(MemberIds::normalize).distinct().toList();
    } catch (IllegalArgumentException e) {
      throw new StoreException.InvalidArgument(e.getMessage());
    }
    for (Member m : list()) {
      for (String url : m.peerUrls()) {
        if (urls.contains(MemberIds.normalize(url))) {
          throw new StoreException.FailedPrecondition(StoreException.PEER_URL_EXISTS);
        }
      }
    }
    long id = MemberIds.memberId(urls, clusterToken);
    proposer.propose(new MemberCommand.Add(id, urls, learner));
    return new Member(id, "", urls, List.of(), learner);
  }

  /**
   * etcd's MemberRemove: takes the member out of Raft's configuration (when it is there), then out of
   * the member table.
   *
   * @throws StoreException.NotFound when no member has this id
   */
  void remove(long id) {
    RaftPeerId peerId = MemberIds.peerId(id);
    RaftConfiguration conf = division().getRaftConf();
    boolean inConf = conf.getPeer(peerId, RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER) != null;
    if (!inConf && table.get(id) == null) {
      throw new StoreException.NotFound(StoreException.MEMBER_NOT_FOUND);
    }
    if (inConf) {
      List<RaftPeer> voters = without(conf.getAllPeers(RaftPeerRole.FOLLOWER), peerId);
      List<RaftPeer> learners = without(conf.getAllPeers(RaftPeerRole.LISTENER), peerId);
      if (voters.isEmpty()) {
        throw new StoreException.FailedPrecondition("etcdserver: cannot remove the last voting member");
      }
      setConfiguration(conf.getAllPeers(), SetConfigurationRequest.Arguments.newBuilder()
          .setServersInNewConf(voters).setListenersInNewConf(learners)
          .setServersInCurrentConf(List.copyOf(conf.getAllPeers(RaftPeerRole.FOLLOWER)))
          .setListenersInCurrentConf(List.copyOf(conf.getAllPeers(RaftPeerRole.LISTENER)))
          .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build());
    }
    if (table.get(id) != null && !self().equals(peerId)) {
      proposer.propose(new MemberCommand.Remove(id));
    } else if (table.get(id) != null) {
      // This member is no longer in the group and cannot propose; ask the others to forget it.
      try (RaftClient client = clients.apply(without(conf.getAllPeers(), peerId))) {
        client.io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(
            CommandCodec.encode(new MemberCommand.Remove(id)))));
      } catch (IOException e) {
        LOG.warn("Removed {} from Raft, but could not drop it from the member table", Long.toHexString(id), e);
      }
    }
  }

  /**
   * Joins a running cluster as a member added before with MemberAdd: checks that the cluster knows
   * this member, then asks its leader to add this member to Raft's configuration, which returns once
   * this member has caught up (from the log, or from a snapshot).
   *
   * @param knownPeers members of the cluster to ask (etcd's --initial-cluster, without this member)
   * @throws IOException when the cluster cannot be reached in time or does not know this member
   */
  void join(RaftPeer self, Collection<RaftPeer> knownPeers) throws IOException {
    long id = MemberIds.memberId(self.getId());
    long deadline = System.nanoTime() + timeout.multipliedBy(4).toNanos();
    IOException last = null;
    try (RaftClient client = clients.apply(knownPeers)) {
      while (System.nanoTime() < deadline) {
        try {
          RaftClientReply reply = client.io().sendReadOnly(StoreStateMachine.QUERY_MEMBERS);
          if (!reply.isSuccess()) {
            throw reply.getException();
          }
          @SuppressWarnings("unchecked")
          List<Member> members = (List<Member>) CommandCodec.decodeReply(reply.getMessage().getContent().newInput());
          Member me = members.stream().filter(m -> m.id() == id).findFirst().orElseThrow(() -> new IOException(
              "this member (id " + Long.toHexString(id) + ", peer URLs " + self.getAddress()
                  + ") is not a member of the cluster: add it with 'member add' first"));
          SetConfigurationRequest.Arguments.Builder args = SetConfigurationRequest.Arguments.newBuilder()
              .setMode(SetConfigurationRequest.Mode.ADD);
          // Ratis needs both lists set (it has no default for the servers).
          args.setServersInNewConf(me.learner() ? List.of() : List.of(self));
          args.setListenersInNewConf(me.learner() ? List.of(self) : List.of());
          RaftClientReply added = client.admin().setConfiguration(args.build());
          if (added.isSuccess()) {
            LOG.info("Joined the cluster as {} ({})", Long.toHexString(id), me.learner() ? "learner" : "voter");
            return;
          }
          throw added.getException();
        } catch (IOException e) {
          if (e.getMessage() != null && e.getMessage().contains("add it with 'member add'")) {
            throw e;
          }
          last = e;
          LOG.info("Joining the cluster: {}; retrying", e.toString());
          sleep(Duration.ofMillis(500));
        }
      }
    }
    throw new IOException("could not join the cluster in time", last);
  }

  /** Announces this member's name and URLs, unless the table already says exactly that. */
  void publish(long id, String name, List<String> peerUrls, List<String> clientUrls) {
    Member known = table.get(id);
    if (known != null && known.name().equals(name) && known.peerUrls().equals(peerUrls)
        && known.clientUrls().equals(clientUrls)) {
      return;
    }
    proposer.propose(new MemberCommand.Publish(id, name, peerUrls, clientUrls));
  }

  private void setConfiguration(Collection<RaftPeer> peers, SetConfigurationRequest.Arguments args) {
    try (RaftClient client = clients.apply(peers)) {
      RaftClientReply reply = client.admin().setConfiguration(args);
      if (!reply.isSuccess()) {
        throw new StoreException.Unavailable("etcdserver: membership change failed: " + reply.getException());
      }
    } catch (IOException e) {
      throw new StoreException.Unavailable("etcdserver: membership change failed: " + e.getMessage());
    }
  }

  private static List<RaftPeer> without(Collection<RaftPeer> peers, RaftPeerId id) {
    return peers.stream().filter(p -> !Objects.equals(p.getId(), id)).toList();
  }

  private RaftPeerId self() {
    return server.getId();
  }

  private RaftServer.Division division() {
    try {
      return server.getDivision(groupId);
    } catch (IOException e) {
      throw new StoreException.Unavailable(Proposer.STOPPED);
    }
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while joining", e);
    }
  }
}
