package io.kube4j.store.raft;

import io.kube4j.store.StoreConfig;
import java.net.URI;
import java.util.List;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;

/**
 * Who this member is and which Raft group it starts with, derived from its configuration alone (see
 * {@link MemberIds}). A new cluster starts with every {@code --initial-cluster} member; a member
 * joining an existing cluster starts with an empty group and is added by the leader (Ratis then
 * replicates the configuration to it). A member with Raft storage ignores both: its log has the truth.
 *
 * @param selfPeerUrls this member's advertised peer URLs, normalized
 * @param initialPeers every {@code --initial-cluster} member as a Ratis peer
 */
record ClusterLayout(
    long memberId, long clusterId, RaftGroupId groupId, RaftPeer self, List<String> selfPeerUrls,
    List<RaftPeer> initialPeers, RaftGroup startGroup) {

  static ClusterLayout of(StoreConfig config) {
    String token = config.clusterToken();
    List<String> selfUrls = config.initialAdvertisePeerUrls().stream().map(URI::toString)
        .map(MemberIds::normalize).toList();
    RaftGroupId groupId = MemberIds.groupId(token);
    List<RaftPeer> initialPeers = config.initialCluster().values().stream()
        .map(url -> peer(List.of(MemberIds.normalize(url.toString())), token)).toList();
    RaftPeer self = peer(selfUrls, token);
    RaftGroup group = config.bootstrapsNewCluster() ? RaftGroup.valueOf(groupId, initialPeers)
        : RaftGroup.valueOf(groupId);
    if (config.bootstrapsNewCluster() && group.getPeer(self.getId()) == null) {
      throw new IllegalArgumentException("--initial-cluster must contain this member's advertised peer URL "
          + selfUrls + "; it has " + config.initialCluster());
    }
    return new ClusterLayout(MemberIds.memberId(selfUrls, token), MemberIds.clusterId(token), groupId, self,
        selfUrls, initialPeers, group);
  }

  /** The members to ask when joining: every initial member but this one. */
  List<RaftPeer> otherInitialPeers() {
    return initialPeers.stream().filter(p -> !p.getId().equals(self.getId())).toList();
  }

  private static RaftPeer peer(List<String> peerUrls, String token) {
    return RaftPeer.newBuilder()
        .setId(MemberIds.peerId(MemberIds.memberId(peerUrls, token)))
        .setAddress(MemberIds.address(peerUrls.getFirst()))
        .build();
  }
}
